package org.crema.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the tool in-process and keeps what it printed. */
record Cli(int code, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CremaCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The first line of stderr: the one-line reason. */
    String reason() {
        int nl = err.indexOf('\n');
        return nl < 0 ? err : err.substring(0, nl);
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
