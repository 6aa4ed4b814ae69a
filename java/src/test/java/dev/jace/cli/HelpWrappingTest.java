package dev.jace.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * picocli wraps help text where Java's line BreakIterator allows, which includes after a dot before a letter: a file
 * name such as config.json could be printed as "config." at the end of one line and "json" at the start of the next.
 * Every such dotted word of a command's descriptions is checked to be printed whole in its help.
 */
class HelpWrappingTest {

    /** A word with a dot between two letters or digits, without the punctuation around it. */
    private static final Pattern DOTTED = Pattern.compile("[\\w*/.-]*\\w\\.\\w[\\w*/.-]*\\w");

    @Test
    void noDottedWordIsBrokenAcrossLines() {
        CommandLine main = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                false);
        List<String> broken = new ArrayList<>();
        check(main, broken);
        assertEquals(List.of(), broken);
    }

    /** Adds to {@code broken} each dotted word of {@code command}'s help, and its subcommands', not printed whole. */
    private static void check(CommandLine command, List<String> broken) {
        CommandSpec spec = command.getCommandSpec();
        List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
        for (ArgSpec arg : spec.args()) {
            texts.addAll(List.of(arg.description()));
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            Stream.of(sub.getCommandSpec().usageMessage().description()).findFirst().ifPresent(texts::add); // listed
        }
        List<String> written = words(String.join("\n", texts));
        List<String> printed = words(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (String word : new LinkedHashSet<>(written)) {
            if (Collections.frequency(printed, word) < Collections.frequency(written, word)) {
                broken.add(spec.qualifiedName() + ": " + word);
            }
        }
        command.getSubcommands().values().forEach(sub -> check(sub, broken));
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = DOTTED.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
