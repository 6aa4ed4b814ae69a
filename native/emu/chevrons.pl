#!/usr/bin/perl
# Rewrites CUDA launches `kernel<targs><<<cfg>>>(args)` into
# `::jace_emu::launch(reinterpret_cast<const void *>(&kernel<targs>), "kernel", [=] { kernel<targs>(args); }, cfg)`
# so that a host C++ compiler builds the launch code. The kernel's address (by which the emulator looks up what
# cudaFuncSetAttribute allowed it) is passed where cfg asks for dynamic shared memory, nullptr elsewhere: a kernel
# template launched with it spells out its template arguments (the address of a deduced one does not compile). The
# name, as written at the launch without namespace or template arguments, is what jace_emu_grids_run counts. Line
# breaks are kept, so line numbers still match the .cu file.
# Usage: chevrons.pl FILE.cu > FILE.cpp
use strict;
use warnings;
local $/;
my $path = $ARGV[0];
open(my $in, '<', $path) or die "chevrons.pl: cannot read $path: $!\n";
my $src = <$in>;
# The launch configuration's arguments, split at the commas outside parentheses.
sub config_args {
    my ($cfg) = @_;
    my @args;
    my ($depth, $cur) = (0, '');
    for my $ch (split //, $cfg) {
        $depth++ if $ch =~ /[(\[{]/;
        $depth-- if $ch =~ /[)\]}]/;
        if ($ch eq ',' && $depth == 0) {
            push @args, $cur;
            $cur = '';
        } else {
            $cur .= $ch;
        }
    }
    return (@args, $cur);
}

sub rewrite {
    my ($kernel, $cfg, $call) = @_;
    my @args = config_args($cfg);
    my $dynamic = @args > 2 && $args[2] !~ /^\s*0\s*$/;
    my $address = $dynamic ? "reinterpret_cast<const void *>(&$kernel)" : 'nullptr';
    (my $name = $kernel) =~ s/<.*//s;
    $name =~ s/.*:://;
    return "::jace_emu::launch($address, \"$name\", [=] { $kernel$call; }, $cfg)";
}

my $count = ($src =~ s{([A-Za-z_][\w:]*(?:<(?:[^<>;]|<[^<>;]*>)*>)?)\s*<<<(.*?)>>>\s*(\((?:[^()]++|(?-1))*\))}
                       {rewrite($1, $2, $3)}gse);
die "chevrons.pl: $path: a launch was not rewritten\n" if $src =~ /<<<|>>>/;
print "#line 1 \"$path\"\n", $src;
