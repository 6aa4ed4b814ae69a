package dev.jace.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI and its user documentation (README.md, docs/*.md, bench/README.md) agree: every option of every command
 * is named there, and every option on a documented {@code bin/jace COMMAND ...} line is one that COMMAND takes. Every
 * command and option has a help text.
 */
class DocumentedOptionsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern COMMAND_LINE = Pattern.compile("bin/jace ([a-z][a-z-]*)([^#`]*)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    @Test
    void everyOptionIsNamedInTheUserDocumentation() throws IOException {
        String docs = String.join("\n", documentation());
        Set<String> undocumented = new TreeSet<>();
        for (CommandSpec command : commands()) {
            for (OptionSpec option : command.options()) {
                String name = option.longestName();
                if (!option.inherited() && !option.usageHelp() && !option.versionHelp() && !mentions(docs, name)) {
                    undocumented.add(command.qualifiedName() + " " + name);
                }
            }
        }
        assertEquals(Set.of(), undocumented, "options named nowhere in README.md, docs/*.md or bench/README.md");
    }

    @Test
    void everyOptionAndCommandHasAHelpText() {
        Set<String> bare = new TreeSet<>();
        for (CommandSpec command : commands()) {
            if (String.join("", command.usageMessage().description()).isBlank()) {
                bare.add(command.qualifiedName());
            }
            for (OptionSpec option : command.options()) {
                if (!option.inherited() && String.join("", option.description()).isBlank()) {
                    bare.add(command.qualifiedName() + " " + option.longestName());
                }
            }
        }
        assertEquals(Set.of(), bare, "commands and options without a description in --help");
    }

    @Test
    void documentedCommandLinesUseOptionsTheirCommandTakes() throws IOException {
        CommandSpec root = root();
        List<String> unknown = new ArrayList<>();
        int lines = 0;
        for (String line : documentation()) {
            Matcher commandLine = COMMAND_LINE.matcher(line);
            while (commandLine.find()) {
                CommandLine sub = root.subcommands().get(commandLine.group(1));
                assertTrue(sub != null, "no command '" + commandLine.group(1) + "' in: " + line);
                lines++;
                Matcher option = OPTION.matcher(commandLine.group(2));
                while (option.find()) {
                    if (sub.getCommandSpec().findOption(option.group()) == null) {
                        unknown.add(option.group() + " in: " + line.strip());
                    }
                }
            }
        }
        assertTrue(lines > 10, "the pattern no longer finds the documented command lines (" + lines + ")");
        assertEquals(List.of(), unknown);
    }

    @Test
    void anOptionIsMentionedOnlyAsAWholeName() {
        assertTrue(mentions("run with `--epsilon-for x=1`", "--epsilon-for"));
        assertTrue(!mentions("run with `--epsilon-for x=1`", "--epsilon"));
    }

    private static boolean mentions(String text, String option) {
        return Pattern.compile(Pattern.quote(option) + "(?![\\w-])").matcher(text).find();
    }

    private static List<String> documentation() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(ROOT.resolve("README.md")));
        lines.addAll(Files.readAllLines(ROOT.resolve("bench").resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                lines.addAll(Files.readAllLines(doc));
            }
        }
        return lines;
    }

    private static CommandSpec root() {
        return commands().getFirst();
    }

    private static List<CommandSpec> commands() {
        return CliRuns.commandTree().stream().map(CommandLine::getCommandSpec).toList();
    }
}
