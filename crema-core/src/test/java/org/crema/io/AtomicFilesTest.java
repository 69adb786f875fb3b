package org.crema.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("a.bin");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        AtomicFiles.write(f, out -> {
            out.write(9);
            out.close(); // a writer closing its stream must not break the sync
        });
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(f));
        assertEquals(List.of(f), list(), "no temporary file is left");
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemp() throws IOException {
        Path f = dir.resolve("model.safetensors");
        AtomicFiles.write(f, new byte[] {7});
        IOException boom = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", boom.getMessage());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(f));
        assertEquals(List.of(f), list());
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(f), list());
    }

    @Test
    void tempFilesAreRecognisableAndCleanable() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        Path stale = dir.resolve(".ckpt.bin.12345.tmp");
        Files.write(stale, new byte[] {1});
        Files.write(dir.resolve(".other.bin.1.tmp"), new byte[] {1});
        assertTrue(AtomicFiles.isTempFile(stale));
        assertFalse(AtomicFiles.isTempFile(f));
        assertEquals(1, AtomicFiles.deleteStaleTemps(f));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(dir.resolve(".other.bin.1.tmp")), "only this name's temps");
    }

    @Test
    void newFilesAreWorldReadableLikeAPlainWrite() throws IOException {
        Path f = dir.resolve("sub/dir/m.bin");
        AtomicFiles.write(f, new byte[] {1});
        if (Files.getFileStore(f).supportsFileAttributeView("posix")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
    }

    private List<Path> list() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
