package dev.jace.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * picocli passes each line of help through {@link String#format}: a bare {@code %} ("30%.") makes it warn on stderr
 * at every {@code --help} and print the line unformatted. Every command's and option's text is checked to format.
 */
class HelpFormatTest {

    @Test
    void everyHelpTextIsAFormatString() {
        CommandLine main = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                false);
        List<String> refused = new ArrayList<>();
        check(main, refused);
        assertEquals(List.of(), refused);
    }

    @Test
    void aPercentSignIsPrintedOnce() {
        CommandLine main = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                false);
        String usage = main.getSubcommands().get("cpu-report").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(usage.contains("reach issue #6's 30%."), usage);
    }

    /** Adds to {@code refused} each help text of {@code command}, and of its subcommands, that does not format. */
    private static void check(CommandLine command, List<String> refused) {
        CommandSpec spec = command.getCommandSpec();
        List<String> texts = new ArrayList<>();
        texts.addAll(List.of(spec.usageMessage().header()));
        texts.addAll(List.of(spec.usageMessage().description()));
        texts.addAll(List.of(spec.usageMessage().footer()));
        for (ArgSpec arg : spec.args()) {
            texts.addAll(List.of(arg.description()));
        }
        for (String text : texts) {
            try {
                String.format(text);
            } catch (IllegalFormatException e) {
                refused.add(spec.qualifiedName() + ": " + e.getMessage() + " in \"" + text + "\"");
            }
        }
        command.getSubcommands().values().forEach(sub -> check(sub, refused));
    }
}
