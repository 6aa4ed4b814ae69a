package dev.jace.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IllegalFormatException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The help texts of jace's commands, as picocli prints them. */
class HelpTextTest {

    /** A word with a dot between two letters or digits, without the punctuation around it. */
    private static final Pattern DOTTED = Pattern.compile("[\\w*/.-]*\\w\\.\\w[\\w*/.-]*\\w");

    /**
     * picocli wraps help text where Java's line BreakIterator allows, which includes after a dot before a letter: a
     * file name such as config.json could be printed as "config." at the end of one line and "json" at the start of
     * the next. Every such dotted word of a command's descriptions is checked to be printed whole in its help.
     */
    @Test
    void noDottedWordIsBrokenAcrossLines() {
        List<String> broken = new ArrayList<>();
        for (CommandLine command : CliRuns.commandTree()) {
            CommandSpec spec = command.getCommandSpec();
            List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
            for (ArgSpec arg : spec.args()) {
                texts.addAll(List.of(arg.description()));
            }
            for (CommandLine sub : command.getSubcommands().values()) {
                Stream.of(sub.getCommandSpec().usageMessage().description()).findFirst().ifPresent(texts::add);
            }
            List<String> written = words(String.join("\n", texts));
            List<String> printed = words(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
            for (String word : new LinkedHashSet<>(written)) {
                if (Collections.frequency(printed, word) < Collections.frequency(written, word)) {
                    broken.add(spec.qualifiedName() + ": " + word);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /**
     * picocli passes each line of help through {@link String#format}: a bare {@code %} ("30%.") makes it warn on
     * stderr at every {@code --help} and print the line unformatted. Every command's and option's text must format.
     */
    @Test
    void everyHelpTextIsAFormatString() {
        List<String> refused = new ArrayList<>();
        for (CommandLine command : CliRuns.commandTree()) {
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
        }
        assertEquals(List.of(), refused);
    }

    @Test
    void aPercentSignIsPrintedOnce() {
        CommandLine cpuReport = CliRuns.commandTree().stream()
                .filter(c -> c.getCommandSpec().name().equals("cpu-report")).findFirst().orElseThrow();
        String usage = cpuReport.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(usage.contains("reach issue #6's 30%."), usage);
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
