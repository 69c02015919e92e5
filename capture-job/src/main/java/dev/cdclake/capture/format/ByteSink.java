package dev.cdclake.capture.format;

import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte buffer reused for every record of one serializer; not thread-safe. */
final class ByteSink extends OutputStream {
    private byte[] buffer = new byte[512];
    private int count;

    void reset() {
        count = 0;
    }

    /** A copy of the bytes written since the last {@link #reset()}. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, count);
    }

    @Override
    public void write(int b) {
        ensureCapacity(count + 1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensureCapacity(count + length);
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    /**
     * Writes characters as UTF-8, surrogate pairs included; an unpaired surrogate becomes '?', as in String.getBytes.
     */
    void writeUtf8(CharSequence text) {
        int length = text.length();
        ensureCapacity(count + length * 3);
        byte[] b = buffer;
        int p = count;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        count = p;
    }

    /** Writes ASCII characters, one byte each. */
    void writeAscii(char[] chars, int offset, int length) {
        ensureCapacity(count + length);
        for (int i = 0; i < length; i++) {
            buffer[count++] = (byte) chars[offset + i];
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
