package dev.jace.bindings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for a library that the dynamic loader refuses: a 64-bit ELF object file (ET_REL, which dlopen does not
 * load) whose one program header says its stack is not executable. HotSpot reads that header before it loads a
 * library; a file without one (any non-ELF text) makes it warn on stderr that the library "might have disabled stack
 * guard".
 */
final class UnloadableElf {

    private static final int HEADER_SIZE = 64;
    private static final int PROGRAM_HEADER_SIZE = 56;
    private static final int ET_REL = 1;
    private static final int EM_X86_64 = 62;
    private static final int PT_GNU_STACK = 0x6474e551;
    private static final int PF_W = 2;
    private static final int PF_R = 4;

    private UnloadableElf() {
    }

    static Path write(Path file) throws IOException {
        ByteBuffer elf = ByteBuffer.allocate(HEADER_SIZE + PROGRAM_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}); // 64-bit, little-endian, ELF version 1
        elf.position(16);
        elf.putShort((short) ET_REL).putShort((short) EM_X86_64).putInt(1);
        elf.putLong(0).putLong(HEADER_SIZE).putLong(0); // entry, program headers' offset, no section headers
        elf.putInt(0).putShort((short) HEADER_SIZE).putShort((short) PROGRAM_HEADER_SIZE).putShort((short) 1);
        elf.putShort((short) 0).putShort((short) 0).putShort((short) 0); // no sections
        elf.putInt(PT_GNU_STACK).putInt(PF_R | PF_W);
        return Files.write(file, elf.array());
    }
}
