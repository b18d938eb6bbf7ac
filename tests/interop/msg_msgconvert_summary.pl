#!/usr/bin/perl
# msgconvert peer for the .msg interop test (Debian libemail-outlook-message-perl).
#   perl msg_msgconvert_summary.pl FILE...
# For each file, does what msgconvert does (Email::Outlook::Message->new, to_email_mime,
# as_string: the .eml text msgconvert writes), parses that text again with Email::MIME and prints
# {"peer":"msgconvert","files":[{"file","error","summary"}]} in msg_summary's shape. One process
# serves every file (msgconvert itself names its output after the input's base name, which
# collides across corpus folders). An .eml has no message class and no Bcc, so "class" is null
# and only To (1) and Cc (2) recipients appear; an attachment's size is its decoded body's.
use strict;
use warnings;

use Email::Address::XS;
use Email::MIME;
use Email::Outlook::Message;
use JSON::PP;

sub addresses {
    my ($header, $type) = @_;
    return () unless defined $header && length $header;
    return map { +{ name => $_->phrase, email => $_->address, type => $type } }
        Email::Address::XS::parse_email_addresses($header);
}

sub header_text {
    my ($mime, $name) = @_;
    my $value = eval { scalar $mime->header_str($name) };
    return defined $value ? $value : scalar $mime->header_raw($name);
}

# The text/plain part msgconvert made from PidTagBody: the message itself, or the first inline
# text/plain part of its multipart/mixed or multipart/alternative (attachments come after it).
sub plain_body {
    my ($part) = @_;
    my $type = lc($part->content_type || 'text/plain');
    if ($type =~ m{^multipart/}) {
        my @subparts = $part->subparts;
        return @subparts ? plain_body($subparts[0]) : undef;
    }
    return undef unless $type =~ m{^text/plain};
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
        +{ name => scalar $_->filename, size => length($_->body), mime => $type }
    } @parts;
}

sub summary {
    my ($file) = @_;
    my $eml = Email::Outlook::Message->new($file)->to_email_mime->as_string;
    my $mime = Email::MIME->new($eml);
    my ($from) = addresses(header_text($mime, 'From'), 0);
    return {
        class        => undef,
        subject      => header_text($mime, 'Subject'),
        sender_name  => $from ? $from->{name} : undef,
        sender_email => $from ? $from->{email} : undef,
        recipients =>
            [ addresses(header_text($mime, 'To'), 1), addresses(header_text($mime, 'Cc'), 2) ],
        attachments => [ attachments($mime) ],
        body_text   => plain_body($mime),
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
