#!/usr/bin/perl
# Turns CUDA's `#pragma unroll [N]` into GCC's `#pragma GCC unroll N`, which g++ would otherwise ignore; without a
# count, 64 (every such loop of jace's runs a constant number of times, at most 64, which GCC then unrolls fully).
# Unrolled, the loops over a thread's registers (acc[i][j] in the conv and GEMM tiles) index their arrays with
# constants, whose bounds UBSan then checks at compile time instead of at every access: the emulated FP32 conv kernel
# ran 3 times slower without. Lines keep their places. Usage: unroll.pl FILE > OUTPUT.
use strict;
use warnings;
while (my $line = <>) {
    if ($line =~ m{^(\s*)#pragma\s+unroll\b\s*(.*?)\s*((?://|/\*).*)?$}) {
        my ($indent, $count, $comment) = ($1, $2, $3 // '');
        $line = "$indent#pragma GCC unroll " . ($count eq '' ? 64 : $count) . ($comment eq '' ? '' : " $comment") . "\n";
    }
    print $line;
}
