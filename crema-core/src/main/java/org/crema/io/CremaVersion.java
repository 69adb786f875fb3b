package org.crema.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Crema version written into saved files, from the build (a filtered resource). */
public final class CremaVersion {
    public static final String VERSION = read();

    private CremaVersion() {}

    private static String read() {
        try (InputStream in = CremaVersion.class.getResourceAsStream("crema-version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
