package org.crema.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into crema-cli.properties, and the Java running the tool. */
final class Version implements IVersionProvider {
    static String crema() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/crema-cli.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // the version line is informative only
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"crema " + crema(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
