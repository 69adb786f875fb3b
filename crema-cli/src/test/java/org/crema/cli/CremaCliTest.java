package org.crema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CremaCliTest {
    @Test
    void helpListsTheCommandsAndExitsZero() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Usage: crema"), r.toString());
        assertTrue(r.err().isEmpty(), r.toString());
    }

    @Test
    void versionNamesCremaAndJava() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("crema "), r.toString());
        assertTrue(r.out().contains("Java "), r.toString());
    }

    @Test
    void noCommandIsAUsageError() {
        Cli r = Cli.run();
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.reason().startsWith("crema: a command is needed"), r.toString());
        assertTrue(r.err().contains("Usage: crema"), r.toString());
    }

    @Test
    void unknownOptionGivesOneLineReasonThenUsage() {
        Cli r = Cli.run("--frobnicate");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.reason().contains("--frobnicate"), r.toString());
        assertTrue(r.err().contains("Usage: crema"), r.toString());
        assertTrue(r.out().isEmpty(), r.toString());
    }
}
