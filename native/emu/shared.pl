#!/usr/bin/perl
# Turns each `__shared__` declaration of device code into a static followed by a call that refills the variables
# with NaN bytes at their first use in each block (::jace_emu::fresh_shared), as a GPU leaves shared memory undefined
# when a block starts. (One section holding them all does not work: g++ ignores the section attribute of a static
# in a template.) Declarations keep their lines, so line numbers still match the source.
# Usage: shared.pl FILE > OUTPUT, or ... | shared.pl > OUTPUT (the input already starting with a #line).
use strict;
use warnings;
local $/;
my $src = <>;
my $path = $ARGV // '-';

# The names a declaration such as `__align__(128) unsigned char smem[N]` or `int a[N], b[N]` declares.
sub declared_names {
    my ($declaration) = @_;
    (my $plain = $declaration) =~ s/\[[^\]]*\]|__align__\s*\([^)]*\)//g;
    return map { /(\w+)\s*$/ ? $1 : die "shared.pl: $path: cannot read the name in `$_`\n" } split /,/, $plain;
}

# `extern __shared__ T name[];` (dynamic shared memory) becomes a pointer to the running grid's
# (::jace_emu::dynamic_shared, refilled in each block).
$src =~ s{^(\s*)extern\s+__shared__\s+([^;{}\n]*?)(\w+)\s*\[\s*\]\s*;}{
    my ($indent, $type, $name) = ($1, $2, $3);
    $type =~ s/__align__\s*\([^)]*\)//g;
    $type =~ s/^\s+|\s+$//g;
    "$indent$type *const $name = static_cast<$type *>(::jace_emu::dynamic_shared());"
}gme;

# A declaration starts its line (a comment may name __shared__ anywhere); one left over is a compile error
# (cuda_runtime.h).
$src =~ s{^(\s*)__shared__\s+([^;{}\n]*);}{
    "$1static $2;" . join('', map { " ::jace_emu::fresh_shared(&$_, sizeof $_);" } declared_names($2))
}gme;
print $src =~ /^#line/ ? '' : "#line 1 \"$path\"\n", $src;
