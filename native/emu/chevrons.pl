#!/usr/bin/perl
# Rewrites CUDA launches `kernel<targs><<<cfg>>>(args)` into `::jace_emu::launch([=] { kernel<targs>(args); }, cfg)`
# so that a host C++ compiler builds the launch code. Line breaks are kept, so line numbers still match the .cu file.
# Usage: chevrons.pl FILE.cu > FILE.cpp
use strict;
use warnings;
local $/;
my $path = $ARGV[0];
open(my $in, '<', $path) or die "chevrons.pl: cannot read $path: $!\n";
my $src = <$in>;
my $count = ($src =~ s{([A-Za-z_][\w:]*(?:<(?:[^<>;]|<[^<>;]*>)*>)?)\s*<<<(.*?)>>>\s*(\((?:[^()]++|(?-1))*\))}
                       {::jace_emu::launch([=] { $1$3; }, $2)}gs);
die "chevrons.pl: $path: a launch was not rewritten\n" if $src =~ /<<<|>>>/;
print "#line 1 \"$path\"\n", $src;
