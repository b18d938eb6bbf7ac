#!/usr/bin/perl
# The .eml msgconvert writes for each .msg, all in one process (msgconvert itself names its
# output after the input's base name, which collides across corpus folders).
#   perl mime_msgconvert_eml.pl OUTDIR FILE...
# Writes OUTDIR/N.eml for the N-th FILE (from 0), or OUTDIR/N.error with the message when
# Email::Outlook::Message cannot convert it.
use strict;
use warnings;

use Email::Outlook::Message;

my ($out, @files) = @ARGV;
for my $i (0 .. $#files) {
    my $eml = eval { Email::Outlook::Message->new($files[$i])->to_email_mime->as_string };
    my $name = defined $eml ? "$out/$i.eml" : "$out/$i.error";
    open(my $fh, '>:raw', $name) or die "$name: $!";
    print $fh (defined $eml ? $eml : ($@ || 'unknown error'));
    close($fh) or die "$name: $!";
}
