package org.crema.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Random-access bytes (a file or an array) that the safetensors reader decodes from. */
interface ByteSource {
    long size() throws IOException;

    /** Fills dst's remaining space with the bytes at pos. */
    void read(long pos, ByteBuffer dst) throws IOException;

    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() { return bytes.length; }

            @Override
            public void read(long pos, ByteBuffer dst) throws IOException {
                int n = dst.remaining();
                if (pos < 0 || pos + n > bytes.length) throw new EOFException("read of " + n + " bytes at " + pos + " past " + bytes.length);
                dst.put(bytes, (int) pos, n);
            }
        };
    }

    static ByteSource of(FileChannel ch) {
        return new ByteSource() {
            @Override
            public long size() throws IOException { return ch.size(); }

            @Override
            public void read(long pos, ByteBuffer dst) throws IOException {
                while (dst.hasRemaining()) {
                    int n = ch.read(dst, pos);
                    // the file shrank after its size was checked
                    if (n < 0) throw new CremaFormatException("file ended at byte " + pos + " while reading tensor data (was it truncated while being read?)");
                    pos += n;
                }
            }
        };
    }
}
