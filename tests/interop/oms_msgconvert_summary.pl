#!/usr/bin/perl
# msgconvert peer for the SMS/MMS interop test (oms_interop_test.cpp).
#   perl oms_msgconvert_summary.pl FILE...
# For each file, builds the MIME message msgconvert writes (Email::Outlook::Message->new,
# to_email_mime, as_string), parses that text again with Email::MIME and prints
# {"peer":"msgconvert","files":[{"file","error","summary"}]}. The summary holds what the .eml
# shows: subject, the inline text/plain and text/html bodies, From as sender and To/Cc as
# recipients ({name, email[, type]} split at the angle brackets: Email::Address::XS refuses a phone
# number as an address, it has no @domain), and the parts after the body of multipart/mixed
# as attachments (file name, decoded bytes as size and SHA-256, content type without
# parameters, the Content-ID header as written). An .eml has no message class, address types,
# hidden flags or named properties, so the summary has none either.
use strict;
use warnings;

use Digest::SHA qw(sha256_hex);
use Email::MIME;
use Email::Outlook::Message;
use JSON::PP;

sub header_text {
    my ($mime, $name) = @_;
    my $value = eval { scalar $mime->header_str($name) };
    return defined $value ? $value : scalar $mime->header_raw($name);
}

# "Name <address>, Name <address>" as written by msgconvert (_Address, display_address); $type
# is the recipient type the header stands for (1 To, 2 Cc), undef for From.
sub addresses {
    my ($header, $type) = @_;
    return () unless defined $header && length $header;
    my @out;
    while ($header =~ /\G\s*(.*?)\s*<([^>]*)>\s*(?:,|\z)/gc) {
        push @out, { name => $1, email => $2, defined $type ? (type => $type) : () };
    }
    return @out;
}

# The first inline part of content type $want, depth first, attachments skipped.
sub find_body {
    my ($part, $want) = @_;
    my $type = lc($part->content_type || 'text/plain');
    if ($type =~ m{^multipart/}) {
        for my $sub ($part->subparts) {
            my $found = find_body($sub, $want);
            return $found if defined $found;
        }
        return undef;
    }
    my $disposition = $part->header('Content-Disposition') || '';
    return undef if $disposition =~ /^attachment/i;
    return undef unless $type =~ m{^\Q$want\E\b};
    my $text = eval { $part->body_str };
    return defined $text ? $text : $part->body;
}

sub attachments {
    my ($mime) = @_;
    return () unless lc($mime->content_type || '') =~ m{^multipart/mixed};
    my @parts = $mime->subparts;
    shift @parts;    # the body
    return map {
        my $type = lc($_->content_type || '');
        $type =~ s/;.*//s;
        my $body = $_->body;
        +{
            name       => scalar $_->filename,
            size       => length($body),
            sha256     => sha256_hex($body),
            mime       => $type,
            content_id => scalar $_->header_raw('Content-ID'),
        }
    } @parts;
}

sub summary {
    my ($file) = @_;
    my $eml = Email::Outlook::Message->new($file)->to_email_mime->as_string;
    my $mime = Email::MIME->new($eml);
    my ($from) = addresses(header_text($mime, 'From'));
    return {
        subject    => header_text($mime, 'Subject'),
        body_text  => find_body($mime, 'text/plain'),
        body_html  => find_body($mime, 'text/html'),
        sender     => $from ? $from : { name => undef, email => undef },
        recipients =>
            [ addresses(header_text($mime, 'To'), 1), addresses(header_text($mime, 'Cc'), 2) ],
        attachments => [ attachments($mime) ],
    };
}

my @files;
for my $file (@ARGV) {
    my $entry = { file => $file, error => undef, summary => undef };
    local $SIG{__WARN__} = sub { };
    my $s = eval { summary($file) };
    if ($@) {
        ($entry->{error} = "$@") =~ s/\s+\z//;
    } else {
        $entry->{summary} = $s;
    }
    push @files, $entry;
}
binmode STDOUT;
print JSON::PP->new->utf8->canonical->encode({ peer => 'msgconvert', files => \@files }), "\n";
