package org.crema.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file replacement: a crash, power loss or {@code kill -9} at any moment leaves either the
 * old complete file or the new complete one under the final name, never a partial file.
 *
 * <p>How: the content goes to a temporary file in the <em>same directory</em> (a rename is only atomic
 * within one file system), which is flushed and fsynced; it is then renamed over the final name with
 * {@code ATOMIC_MOVE}, and the directory is fsynced so that the rename itself survives a power loss.
 * Temporary files are named {@code .<name>.<random>.tmp}: hidden, and never matching the final name's
 * pattern, so a reader listing checkpoints cannot mistake one for a complete file. A temporary file
 * left by a killed process is harmless; {@link #deleteStaleTemps} removes those of one name.
 */
public final class AtomicFiles {
    static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {}

    /** Writes {@code content} to {@code target} atomically and durably (see the class comment). */
    public static void write(Path target, IoConsumer<OutputStream> content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String name = abs.getFileName().toString();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + name + ".", TEMP_SUFFIX);
        boolean done = false;
        try {
            keepPermissions(abs, tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                // the writer may close its stream; the channel must stay open until it is synced
                content.accept(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

                    @Override
                    public void close() throws IOException { out.flush(); }
                });
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + abs + " atomically on this file system", e);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    /** Writes bytes atomically and durably. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Whether {@code file} is one of the temporary files {@link #write} creates (for any final name). */
    public static boolean isTempFile(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && n.endsWith(TEMP_SUFFIX);
    }

    /**
     * Deletes temporary files a killed writer left for {@code target}. Call it only when no other
     * process is writing {@code target} at the same time. Returns how many were deleted.
     */
    public static int deleteStaleTemps(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) return 0;
        String prefix = "." + abs.getFileName() + ".";
        int n = 0;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                if (f.startsWith(prefix) && f.endsWith(TEMP_SUFFIX) && Files.deleteIfExists(p)) n++;
            }
        }
        return n;
    }

    /**
     * Temporary files are created owner-only; the final file gets the permissions of the file it
     * replaces, or rw-r--r-- for a new one, as a plain write would.
     */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) return;
        Set<PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    /** Makes a rename in {@code dir} durable. Some platforms (Windows) cannot open a directory; there the rename is as durable as the OS makes it. */
    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the file's own data is already synced
        }
    }
}
