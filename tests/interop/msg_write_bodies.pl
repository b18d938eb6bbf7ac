#!/usr/bin/perl
# msgconvert bodies for the writer interop matrix (msg_write_matrix.cpp).
#   perl msg_write_bodies.pl FILE...
# Builds the .eml msgconvert writes (Email::Outlook::Message->new, to_email_mime, as_string),
# parses it with Email::MIME and prints {"peer":"msgconvert","files":[{"file","error",
# "body_html","rtf"}]}: the decoded text/html part msgconvert made from PidTagHtml, and the
# application/rtf part it decompressed from PidTagRtfCompressed (its bytes as Latin-1). Absent:
# null.
use strict;
use warnings;

use Email::MIME;
use Email::Outlook::Message;
use JSON::PP;

# The first part whose type matches the pattern $want, depth first, skipping attachments.
sub find_part {
    my ($part, $want) = @_;
    my $type = lc($part->content_type || 'text/plain');
    if ($type =~ m{^multipart/}) {
        for my $sub ($part->subparts) {
            my $found = find_part($sub, $want);
            return $found if defined $found;
        }
        return undef;
    }
    my $disposition = $part->header('Content-Disposition') || '';
    return undef if $disposition =~ /^attachment/i;
    return $type =~ $want ? $part : undef;
}

sub bodies {
    my ($file) = @_;
    my $eml = Email::Outlook::Message->new($file)->to_email_mime->as_string;
    my $mime = Email::MIME->new($eml);
    my $html = find_part($mime, qr{^text/html});
    my $rtf = find_part($mime, qr{^(?:application|text)/rtf});
    my $html_text;
    if (defined $html) {
        $html_text = eval { $html->body_str };
        $html_text = $html->body unless defined $html_text;
    }
    return ($html_text, defined $rtf ? $rtf->body : undef);
}

my @files;
for my $file (@ARGV) {
    my $entry = { file => $file, error => undef, body_html => undef, rtf => undef };
    local $SIG{__WARN__} = sub { };
    my @b = eval { bodies($file) };
    if ($@) {
        ($entry->{error} = "$@") =~ s/\s+\z//;
    } else {
        ($entry->{body_html}, $entry->{rtf}) = @b;
        # Latin-1 octets to characters, so that JSON::PP's utf8 output keeps every byte.
        utf8::upgrade($entry->{rtf}) if defined $entry->{rtf};
    }
    push @files, $entry;
}
binmode STDOUT;
print JSON::PP->new->utf8->canonical->encode({ peer => 'msgconvert', files => \@files }), "\n";
