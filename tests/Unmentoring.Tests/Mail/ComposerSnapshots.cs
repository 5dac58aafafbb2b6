namespace Unmentoring.Tests.Mail;

/// <summary>
/// What the composer wrote for each case of <see cref="ComposerSnapshotTests"/>, captured from the composer as it
/// was before rendering was rewritten for speed (commit afb8b5b plus HMAC-signed links), plus the introduction's
/// report link (docs/adr/0028) and nothing else. Link tokens read TOKEN.
/// </summary>
internal static class ComposerSnapshots
{
    public static readonly IReadOnlyDictionary<string, string> Expected = new Dictionary<string, string>
    {
        ["awkward-characters"] =
            "IdempotencyKey: round:12:introduction:1\n" +
            "Kind: Introduction\n" +
            "RoundId: 12\n" +
            "ParticipantId: 1\n" +
            "RecipientAddress: ada@council.example.gov.uk\n" +
            "RecipientName: Ada Lovelace\n" +
            "Held: False\n" +
            "Subject: Your June 2027 UnMentoring conversation: meet Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;, Bo and Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000001>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Ada Lovelace,\n" +
            "\n" +
            "This month you are meeting Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;, Bo and Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away. Please have a conversation of 30 to 60 minutes between Saturday 5 June 2027 and Wednesday 30 June 2027.\n" +
            "\n" +
            "Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp; is asked to arrange the call. The attached calendar file proposes Tuesday 8 June 2027, 10:00 to 10:30 UK time. If you have not heard anything within a week, please get in touch yourself.\n" +
            "\n" +
            "\n" +
            "WHO YOU ARE MEETING\n" +
            "\n" +
            "Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;\n" +
            "Organisation: Royal Borough of Kensington and Chelsea \u2013 Digital, Data & Technology Directorate (\u00dcn\u00efc\u00f6d\u00e9 \u00c0\u00c9\u00ce\u00d5\u00dc \u00f1 \u00df)\n" +
            "Role: Lead \u2018user researcher\u2019 & caf\u00e9 owner\n" +
            "In their own words: Line one\r\n" +
            "Line two {{name}} {{#others}} \u00a1\u00bf \u00a35 \u00a9 \u00b1\tend\n" +
            "Email: zoe.obrien@kensington-and-chelsea.example.gov.uk\n" +
            "Phone: +44 (0)20 7946 0000\n" +
            "Video call: https://teams.example/l/meetup-join/19%3ameeting?context=%7b%22Tid%22%7d&x=\"y\"\n" +
            "\n" +
            "Bo\n" +
            "Email: bare@example.org\n" +
            "\n" +
            "Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away\n" +
            "Organisation: A\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n" +
            "Role: \u03a9xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n" +
            "Email: max@a-very-long-domain-name-for-a-council.example.gov.uk\n" +
            "\n" +
            "\n" +
            "WHAT TO TALK ABOUT\n" +
            "\n" +
            "Think: what are you working on, and what is getting in the way?\n" +
            "Do: what have you tried that worked, or did not?\n" +
            "Share: what could you pass on, and who else should the other person meet?\n" +
            "\n" +
            "\n" +
            "THE ONE RULE\n" +
            "\n" +
            "No sales pitches. This is a conversation between people who care about public services, not a chance to sell.\n" +
            "\n" +
            "\n" +
            "YOUR PARTICIPATION\n" +
            "\n" +
            "Do not want to be paired with someone here again? Tell us privately (they will not be told): https://unmentoring.example.org/report/TOKEN\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>Your June 2027 UnMentoring conversation</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">Your June 2027 conversation</h1>\n" +
            "<p>Hello Ada Lovelace,</p>\n" +
            "<p>This month you are meeting Zo&#235; &quot;Zed&quot; O&#39;Brien; Smith, Jr \\ &#128512; &lt;b&gt;&amp;amp;, Bo and Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away. Please have a conversation of 30 to 60 minutes between Saturday 5 June 2027 and Wednesday 30 June 2027.</p>\n" +
            "<p><strong>Zo&#235; &quot;Zed&quot; O&#39;Brien; Smith, Jr \\ &#128512; &lt;b&gt;&amp;amp; is asked to arrange the call.</strong> The attached calendar file proposes Tuesday 8 June 2027, 10:00 to 10:30 UK time. If you have not heard anything within a week, please get in touch yourself.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Who you are meeting</h2>\n" +
            "<h3 style=\"font-size: 1.1em;\">Zo&#235; &quot;Zed&quot; O&#39;Brien; Smith, Jr \\ &#128512; &lt;b&gt;&amp;amp;</h3>\n" +
            "<ul>\n" +
            "<li>Organisation: Royal Borough of Kensington and Chelsea \u2013 Digital, Data &amp; Technology Directorate (&#220;n&#239;c&#246;d&#233; &#192;&#201;&#206;&#213;&#220; &#241; &#223;)</li>\n" +
            "<li>Role: Lead \u2018user researcher\u2019 &amp; caf&#233; owner</li>\n" +
            "<li>Email: <a href=\"mailto:zoe.obrien@kensington-and-chelsea.example.gov.uk\">zoe.obrien@kensington-and-chelsea.example.gov.uk</a></li>\n" +
            "<li>Phone: +44 (0)20 7946 0000</li>\n" +
            "<li>Video call: https://teams.example/l/meetup-join/19%3ameeting?context=%7b%22Tid%22%7d&amp;x=&quot;y&quot;</li>\n" +
            "</ul>\n" +
            "<p>In their own words: Line one\r\n" +
            "Line two {{name}} {{#others}} &#161;&#191; &#163;5 &#169; &#177;\tend</p>\n" +
            "<h3 style=\"font-size: 1.1em;\">Bo</h3>\n" +
            "<ul>\n" +
            "<li>Email: <a href=\"mailto:bare@example.org\">bare@example.org</a></li>\n" +
            "</ul>\n" +
            "<h3 style=\"font-size: 1.1em;\">Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away</h3>\n" +
            "<ul>\n" +
            "<li>Organisation: A&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;</li>\n" +
            "<li>Role: \u03a9xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</li>\n" +
            "<li>Email: <a href=\"mailto:max@a-very-long-domain-name-for-a-council.example.gov.uk\">max@a-very-long-domain-name-for-a-council.example.gov.uk</a></li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What to talk about</h2>\n" +
            "<ul>\n" +
            "<li><strong>Think:</strong> what are you working on, and what is getting in the way?</li>\n" +
            "<li><strong>Do:</strong> what have you tried that worked, or did not?</li>\n" +
            "<li><strong>Share:</strong> what could you pass on, and who else should the other person meet?</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">The one rule</h2>\n" +
            "<p>No sales pitches. This is a conversation between people who care about public services, not a chance to sell.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/report/TOKEN\">Do not want to be paired with someone here again? Tell us privately</a> (they will not be told)</li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n" +
            "--- attachment invitation.ics (text/calendar; charset=utf-8) ---\n" +
            "BEGIN:VCALENDAR\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "PRODID:-//LocalGov Digital//UnMentoring//EN\r\n" +
            "VERSION:2.0\r\n" +
            "BEGIN:VEVENT\r\n" +
            "ATTENDEE;CN=Ada Lovelace;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NE\r\n" +
            " EDS-ACTION:mailto:ada@council.example.gov.uk\r\n" +
            "ATTENDEE;CN=\"Zo\u00eb Zed O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;\";CUTYPE=INDIVIDU\r\n" +
            " AL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:zoe.obrien@kensington\r\n" +
            " -and-chelsea.example.gov.uk\r\n" +
            "ATTENDEE;CN=Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe \r\n" +
            " the Third of Somewhere Quite Far Away;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPA\r\n" +
            " NT;PARTSTAT=NEEDS-ACTION:mailto:max@a-very-long-domain-name-for-a-council.\r\n" +
            " example.gov.uk\r\n" +
            "ATTENDEE;CN=Bo;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION\r\n" +
            " :mailto:bare@example.org\r\n" +
            "DESCRIPTION:A proposed time for your June 2027 UnMentoring conversation. Zo\r\n" +
            " \u00eb \"Zed\" O'Brien\\; Smith\\, Jr \\\\ \ud83d\ude00 <b>&amp\\; is asked to arrange the \r\n" +
            " call: move it to a time that suits you all.\r\n" +
            "DTEND:20270608T093000Z\r\n" +
            "DTSTAMP:20261130T090000Z\r\n" +
            "DTSTART:20270608T090000Z\r\n" +
            "ORGANIZER;CN=UnMentoring:mailto:organisers@unmentoring.example.org\r\n" +
            "SEQUENCE:0\r\n" +
            "STATUS:TENTATIVE\r\n" +
            "SUMMARY:UnMentoring conversation: Ada Lovelace\\, Zo\u00eb \"Zed\" O'Brien\\; Smith\r\n" +
            " \\, Jr \\\\ \ud83d\ude00 <b>&amp\\;\\, Maximilian Alexander Bartholomew Fitzgerald-Wo\r\n" +
            " rthington-Smythe the Third of Somewhere Quite Far Away and Bo\r\n" +
            "TRANSP:OPAQUE\r\n" +
            "UID:round-12-1-14-99-250@unmentoring.example.org\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n" +
            "\n",
        ["awkward-recipient"] =
            "IdempotencyKey: round:123456789012:introduction:14\n" +
            "Kind: Introduction\n" +
            "RoundId: 123456789012\n" +
            "ParticipantId: 14\n" +
            "RecipientAddress: zoe.obrien@kensington-and-chelsea.example.gov.uk\n" +
            "RecipientName: Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;\n" +
            "Held: False\n" +
            "Subject: Your Spring 2027 UnMentoring conversation: meet Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000014>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;,\n" +
            "\n" +
            "This month you are meeting Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away. Please have a conversation of 30 to 60 minutes between Sunday 28 March 2027 and Tuesday 20 April 2027.\n" +
            "\n" +
            "Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away is asked to arrange the call. The attached calendar file proposes Tuesday 30 March 2027, 10:00 to 10:30 UK time. If you have not heard anything within a week, please get in touch yourself.\n" +
            "\n" +
            "\n" +
            "WHO YOU ARE MEETING\n" +
            "\n" +
            "Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away\n" +
            "Organisation: A\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n" +
            "Role: \u03a9xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n" +
            "Email: max@a-very-long-domain-name-for-a-council.example.gov.uk\n" +
            "\n" +
            "\n" +
            "WHAT TO TALK ABOUT\n" +
            "\n" +
            "Think: what are you working on, and what is getting in the way?\n" +
            "Do: what have you tried that worked, or did not?\n" +
            "Share: what could you pass on, and who else should the other person meet?\n" +
            "\n" +
            "\n" +
            "THE ONE RULE\n" +
            "\n" +
            "No sales pitches. This is a conversation between people who care about public services, not a chance to sell.\n" +
            "\n" +
            "\n" +
            "YOUR PARTICIPATION\n" +
            "\n" +
            "Do not want to be paired with someone here again? Tell us privately (they will not be told): https://unmentoring.example.org/report/TOKEN\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>Your Spring 2027 UnMentoring conversation</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">Your Spring 2027 conversation</h1>\n" +
            "<p>Hello Zo&#235; &quot;Zed&quot; O&#39;Brien; Smith, Jr \\ &#128512; &lt;b&gt;&amp;amp;,</p>\n" +
            "<p>This month you are meeting Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away. Please have a conversation of 30 to 60 minutes between Sunday 28 March 2027 and Tuesday 20 April 2027.</p>\n" +
            "<p><strong>Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away is asked to arrange the call.</strong> The attached calendar file proposes Tuesday 30 March 2027, 10:00 to 10:30 UK time. If you have not heard anything within a week, please get in touch yourself.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Who you are meeting</h2>\n" +
            "<h3 style=\"font-size: 1.1em;\">Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away</h3>\n" +
            "<ul>\n" +
            "<li>Organisation: A&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;&#233;</li>\n" +
            "<li>Role: \u03a9xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</li>\n" +
            "<li>Email: <a href=\"mailto:max@a-very-long-domain-name-for-a-council.example.gov.uk\">max@a-very-long-domain-name-for-a-council.example.gov.uk</a></li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What to talk about</h2>\n" +
            "<ul>\n" +
            "<li><strong>Think:</strong> what are you working on, and what is getting in the way?</li>\n" +
            "<li><strong>Do:</strong> what have you tried that worked, or did not?</li>\n" +
            "<li><strong>Share:</strong> what could you pass on, and who else should the other person meet?</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">The one rule</h2>\n" +
            "<p>No sales pitches. This is a conversation between people who care about public services, not a chance to sell.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/report/TOKEN\">Do not want to be paired with someone here again? Tell us privately</a> (they will not be told)</li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n" +
            "--- attachment invitation.ics (text/calendar; charset=utf-8) ---\n" +
            "BEGIN:VCALENDAR\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "PRODID:-//LocalGov Digital//UnMentoring//EN\r\n" +
            "VERSION:2.0\r\n" +
            "BEGIN:VEVENT\r\n" +
            "ATTENDEE;CN=\"Zo\u00eb Zed O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;\";CUTYPE=INDIVIDU\r\n" +
            " AL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:zoe.obrien@kensington\r\n" +
            " -and-chelsea.example.gov.uk\r\n" +
            "ATTENDEE;CN=Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe \r\n" +
            " the Third of Somewhere Quite Far Away;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPA\r\n" +
            " NT;PARTSTAT=NEEDS-ACTION:mailto:max@a-very-long-domain-name-for-a-council.\r\n" +
            " example.gov.uk\r\n" +
            "DESCRIPTION:A proposed time for your Spring 2027 UnMentoring conversation. \r\n" +
            " Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third o\r\n" +
            " f Somewhere Quite Far Away is asked to arrange the call: move it to a time\r\n" +
            "  that suits you all.\r\n" +
            "DTEND:20270330T093000Z\r\n" +
            "DTSTAMP:20261130T090000Z\r\n" +
            "DTSTART:20270330T090000Z\r\n" +
            "ORGANIZER;CN=UnMentoring:mailto:organisers@unmentoring.example.org\r\n" +
            "SEQUENCE:0\r\n" +
            "STATUS:TENTATIVE\r\n" +
            "SUMMARY:UnMentoring conversation: Zo\u00eb \"Zed\" O'Brien\\; Smith\\, Jr \\\\ \ud83d\ude00\r\n" +
            "  <b>&amp\\; and Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smy\r\n" +
            " the the Third of Somewhere Quite Far Away\r\n" +
            "TRANSP:OPAQUE\r\n" +
            "UID:round-123456789012-14-99@unmentoring.example.org\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n" +
            "\n",
        ["bare-four"] =
            "IdempotencyKey: round:3:introduction:250\n" +
            "Kind: Introduction\n" +
            "RoundId: 3\n" +
            "ParticipantId: 250\n" +
            "RecipientAddress: bare@example.org\n" +
            "RecipientName: Bo\n" +
            "Held: False\n" +
            "Subject: Your October 2027 UnMentoring conversation: meet Alan Turing, Grace Hopper and Ada Lovelace\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000250>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Bo,\n" +
            "\n" +
            "This month you are meeting Alan Turing, Grace Hopper and Ada Lovelace. Please have a conversation of 30 to 60 minutes between Thursday 28 October 2027 and Saturday 20 November 2027.\n" +
            "\n" +
            "You are asked to arrange the call. Please reply to everyone on this email within a few days and suggest a time. The attached calendar file proposes Thursday 28 October 2027, 10:00 to 10:30 UK time: use it, or move it to a time that suits you all.\n" +
            "\n" +
            "\n" +
            "WHO YOU ARE MEETING\n" +
            "\n" +
            "Alan Turing\n" +
            "Role: Researcher\n" +
            "Email: alan@bletchley.example.org\n" +
            "\n" +
            "Grace Hopper\n" +
            "Organisation: Navy Trust\n" +
            "In their own words: Compilers, mostly.\n" +
            "Email: grace@navy.example.org\n" +
            "Video call: https://meet.example.org/grace?room=1&pin=2\n" +
            "\n" +
            "Ada Lovelace\n" +
            "Organisation: Analytical Council\n" +
            "Role: Head of digital\n" +
            "In their own words: I look after our <digital> services & data.\n" +
            "Email: ada@council.example.gov.uk\n" +
            "Phone: 01632 960001\n" +
            "\n" +
            "\n" +
            "WHAT TO TALK ABOUT\n" +
            "\n" +
            "Think: what are you working on, and what is getting in the way?\n" +
            "Do: what have you tried that worked, or did not?\n" +
            "Share: what could you pass on, and who else should the other person meet?\n" +
            "\n" +
            "\n" +
            "THE ONE RULE\n" +
            "\n" +
            "No sales pitches. This is a conversation between people who care about public services, not a chance to sell.\n" +
            "\n" +
            "\n" +
            "YOUR PARTICIPATION\n" +
            "\n" +
            "Do not want to be paired with someone here again? Tell us privately (they will not be told): https://unmentoring.example.org/report/TOKEN\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>Your October 2027 UnMentoring conversation</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">Your October 2027 conversation</h1>\n" +
            "<p>Hello Bo,</p>\n" +
            "<p>This month you are meeting Alan Turing, Grace Hopper and Ada Lovelace. Please have a conversation of 30 to 60 minutes between Thursday 28 October 2027 and Saturday 20 November 2027.</p>\n" +
            "<p><strong>You are asked to arrange the call.</strong> Please reply to everyone on this email within a few days and suggest a time. The attached calendar file proposes Thursday 28 October 2027, 10:00 to 10:30 UK time: use it, or move it to a time that suits you all.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Who you are meeting</h2>\n" +
            "<h3 style=\"font-size: 1.1em;\">Alan Turing</h3>\n" +
            "<ul>\n" +
            "<li>Role: Researcher</li>\n" +
            "<li>Email: <a href=\"mailto:alan@bletchley.example.org\">alan@bletchley.example.org</a></li>\n" +
            "</ul>\n" +
            "<h3 style=\"font-size: 1.1em;\">Grace Hopper</h3>\n" +
            "<ul>\n" +
            "<li>Organisation: Navy Trust</li>\n" +
            "<li>Email: <a href=\"mailto:grace@navy.example.org\">grace@navy.example.org</a></li>\n" +
            "<li>Video call: https://meet.example.org/grace?room=1&amp;pin=2</li>\n" +
            "</ul>\n" +
            "<p>In their own words: Compilers, mostly.</p>\n" +
            "<h3 style=\"font-size: 1.1em;\">Ada Lovelace</h3>\n" +
            "<ul>\n" +
            "<li>Organisation: Analytical Council</li>\n" +
            "<li>Role: Head of digital</li>\n" +
            "<li>Email: <a href=\"mailto:ada@council.example.gov.uk\">ada@council.example.gov.uk</a></li>\n" +
            "<li>Phone: 01632 960001</li>\n" +
            "</ul>\n" +
            "<p>In their own words: I look after our &lt;digital&gt; services &amp; data.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What to talk about</h2>\n" +
            "<ul>\n" +
            "<li><strong>Think:</strong> what are you working on, and what is getting in the way?</li>\n" +
            "<li><strong>Do:</strong> what have you tried that worked, or did not?</li>\n" +
            "<li><strong>Share:</strong> what could you pass on, and who else should the other person meet?</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">The one rule</h2>\n" +
            "<p>No sales pitches. This is a conversation between people who care about public services, not a chance to sell.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/report/TOKEN\">Do not want to be paired with someone here again? Tell us privately</a> (they will not be told)</li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n" +
            "--- attachment invitation.ics (text/calendar; charset=utf-8) ---\n" +
            "BEGIN:VCALENDAR\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "PRODID:-//LocalGov Digital//UnMentoring//EN\r\n" +
            "VERSION:2.0\r\n" +
            "BEGIN:VEVENT\r\n" +
            "ATTENDEE;CN=Ada Lovelace;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NE\r\n" +
            " EDS-ACTION:mailto:ada@council.example.gov.uk\r\n" +
            "ATTENDEE;CN=Grace Hopper;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NE\r\n" +
            " EDS-ACTION:mailto:grace@navy.example.org\r\n" +
            "ATTENDEE;CN=Alan Turing;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEE\r\n" +
            " DS-ACTION:mailto:alan@bletchley.example.org\r\n" +
            "ATTENDEE;CN=Bo;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION\r\n" +
            " :mailto:bare@example.org\r\n" +
            "DESCRIPTION:A proposed time for your October 2027 UnMentoring conversation.\r\n" +
            "  Bo is asked to arrange the call: move it to a time that suits you all.\r\n" +
            "DTEND:20271028T093000Z\r\n" +
            "DTSTAMP:20261130T090000Z\r\n" +
            "DTSTART:20271028T090000Z\r\n" +
            "ORGANIZER;CN=UnMentoring:mailto:organisers@unmentoring.example.org\r\n" +
            "SEQUENCE:0\r\n" +
            "STATUS:TENTATIVE\r\n" +
            "SUMMARY:UnMentoring conversation: Ada Lovelace\\, Grace Hopper\\, Alan Turing\r\n" +
            "  and Bo\r\n" +
            "TRANSP:OPAQUE\r\n" +
            "UID:round-3-1-2-3-250@unmentoring.example.org\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n" +
            "\n",
        ["confirm"] =
            "IdempotencyKey: confirm:42\n" +
            "Kind: ConfirmSignUp\n" +
            "RoundId: null\n" +
            "ParticipantId: 14\n" +
            "RecipientAddress: zoe.obrien@kensington-and-chelsea.example.gov.uk\n" +
            "RecipientName: Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;\n" +
            "Held: False\n" +
            "Subject: Confirm your email address to join UnMentoring\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000014>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;,\n" +
            "\n" +
            "Thank you for signing up to UnMentoring. To finish, confirm your email address by opening this link:\n" +
            "\n" +
            "https://unmentoring.example.org/confirm/abc?x=1&y=2\n" +
            "\n" +
            "The link works until 00:30 on Thursday 8 July 2027 UK time.\n" +
            "\n" +
            "What happens next: once a month (or as often as you chose) we introduce you to someone new who works on public services somewhere else. You get one email with who they are and how to get in touch, and you talk for 30 to 60 minutes.\n" +
            "\n" +
            "If you did not sign up, you do not need to do anything: without confirmation we will not email you again. You can also remove your details now: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>Confirm your email address</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">Confirm your email address</h1>\n" +
            "<p>Hello Zo&#235; &quot;Zed&quot; O&#39;Brien; Smith, Jr \\ &#128512; &lt;b&gt;&amp;amp;,</p>\n" +
            "<p>Thank you for signing up to UnMentoring. To finish, confirm your email address.</p>\n" +
            "<p><a href=\"https://unmentoring.example.org/confirm/abc?x=1&amp;y=2\">Confirm your email address and join UnMentoring</a></p>\n" +
            "<p>The link works until 00:30 on Thursday 8 July 2027 UK time.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What happens next</h2>\n" +
            "<p>Once a month (or as often as you chose) we introduce you to someone new who works on public services somewhere else. You get one email with who they are and how to get in touch, and you talk for 30 to 60 minutes.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">If you did not sign up</h2>\n" +
            "<p>You do not need to do anything: without confirmation we will not email you again. You can also <a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">remove your details from UnMentoring now</a>.</p>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n",
        ["manage"] =
            "IdempotencyKey: manage:43\n" +
            "Kind: ManageLink\n" +
            "RoundId: null\n" +
            "ParticipantId: 1\n" +
            "RecipientAddress: ada@council.example.gov.uk\n" +
            "RecipientName: Ada Lovelace\n" +
            "Held: False\n" +
            "Subject: Your link to manage your UnMentoring participation\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000001>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Ada Lovelace,\n" +
            "\n" +
            "You asked for a link to manage your UnMentoring participation. Open it to change your details, pause, skip a round, change how often you take part, download your data or leave:\n" +
            "\n" +
            "https://unmentoring.example.org/manage/TOKEN\n" +
            "\n" +
            "The link works until 09:00 on Tuesday 1 December 2026 UK time. If you did not ask for it, you can ignore this email.\n" +
            "\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>Manage your UnMentoring participation</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">Manage your participation</h1>\n" +
            "<p>Hello Ada Lovelace,</p>\n" +
            "<p>You asked for a link to manage your UnMentoring participation. Use it to change your details, pause, skip a round, change how often you take part, download your data or leave.</p>\n" +
            "<p><a href=\"https://unmentoring.example.org/manage/TOKEN\">Manage your UnMentoring participation</a></p>\n" +
            "<p>The link works until 09:00 on Tuesday 1 December 2026 UK time. If you did not ask for it, you can ignore this email.</p>\n" +
            "<p><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></p>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n",
        ["no-others"] =
            "IdempotencyKey: round:4:introduction:1\n" +
            "Kind: Introduction\n" +
            "RoundId: 4\n" +
            "ParticipantId: 1\n" +
            "RecipientAddress: ada@council.example.gov.uk\n" +
            "RecipientName: Ada Lovelace\n" +
            "Held: False\n" +
            "Subject: Your January 2027 UnMentoring conversation: meet\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000001>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Ada Lovelace,\n" +
            "\n" +
            "This month you are meeting . Please have a conversation of 30 to 60 minutes between Friday 1 January 2027 and Sunday 31 January 2027.\n" +
            "\n" +
            "You are asked to arrange the call. Please reply to everyone on this email within a few days and suggest a time. The attached calendar file proposes Tuesday 5 January 2027, 10:00 to 10:30 UK time: use it, or move it to a time that suits you all.\n" +
            "\n" +
            "\n" +
            "WHO YOU ARE MEETING\n" +
            "\n" +
            "\n" +
            "WHAT TO TALK ABOUT\n" +
            "\n" +
            "Think: what are you working on, and what is getting in the way?\n" +
            "Do: what have you tried that worked, or did not?\n" +
            "Share: what could you pass on, and who else should the other person meet?\n" +
            "\n" +
            "\n" +
            "THE ONE RULE\n" +
            "\n" +
            "No sales pitches. This is a conversation between people who care about public services, not a chance to sell.\n" +
            "\n" +
            "\n" +
            "YOUR PARTICIPATION\n" +
            "\n" +
            "Do not want to be paired with someone here again? Tell us privately (they will not be told): https://unmentoring.example.org/report/TOKEN\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>Your January 2027 UnMentoring conversation</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">Your January 2027 conversation</h1>\n" +
            "<p>Hello Ada Lovelace,</p>\n" +
            "<p>This month you are meeting . Please have a conversation of 30 to 60 minutes between Friday 1 January 2027 and Sunday 31 January 2027.</p>\n" +
            "<p><strong>You are asked to arrange the call.</strong> Please reply to everyone on this email within a few days and suggest a time. The attached calendar file proposes Tuesday 5 January 2027, 10:00 to 10:30 UK time: use it, or move it to a time that suits you all.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Who you are meeting</h2>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What to talk about</h2>\n" +
            "<ul>\n" +
            "<li><strong>Think:</strong> what are you working on, and what is getting in the way?</li>\n" +
            "<li><strong>Do:</strong> what have you tried that worked, or did not?</li>\n" +
            "<li><strong>Share:</strong> what could you pass on, and who else should the other person meet?</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">The one rule</h2>\n" +
            "<p>No sales pitches. This is a conversation between people who care about public services, not a chance to sell.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/report/TOKEN\">Do not want to be paired with someone here again? Tell us privately</a> (they will not be told)</li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n" +
            "--- attachment invitation.ics (text/calendar; charset=utf-8) ---\n" +
            "BEGIN:VCALENDAR\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "PRODID:-//LocalGov Digital//UnMentoring//EN\r\n" +
            "VERSION:2.0\r\n" +
            "BEGIN:VEVENT\r\n" +
            "ATTENDEE;CN=Ada Lovelace;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NE\r\n" +
            " EDS-ACTION:mailto:ada@council.example.gov.uk\r\n" +
            "DESCRIPTION:A proposed time for your January 2027 UnMentoring conversation.\r\n" +
            "  Ada Lovelace is asked to arrange the call: move it to a time that suits y\r\n" +
            " ou all.\r\n" +
            "DTEND:20270105T103000Z\r\n" +
            "DTSTAMP:20261130T090000Z\r\n" +
            "DTSTART:20270105T100000Z\r\n" +
            "ORGANIZER;CN=UnMentoring:mailto:organisers@unmentoring.example.org\r\n" +
            "SEQUENCE:0\r\n" +
            "STATUS:TENTATIVE\r\n" +
            "SUMMARY:UnMentoring conversation: Ada Lovelace\r\n" +
            "TRANSP:OPAQUE\r\n" +
            "UID:round-4-1@unmentoring.example.org\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n" +
            "\n",
        ["pair-to-alan"] =
            "IdempotencyKey: round:8:introduction:3\n" +
            "Kind: Introduction\n" +
            "RoundId: 8\n" +
            "ParticipantId: 3\n" +
            "RecipientAddress: alan@bletchley.example.org\n" +
            "RecipientName: Alan Turing\n" +
            "Held: False\n" +
            "Subject: Your December 2026 UnMentoring conversation: meet Ada Lovelace\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000003>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Alan Turing,\n" +
            "\n" +
            "This month you are meeting Ada Lovelace. Please have a conversation of 30 to 60 minutes between Tuesday 1 December 2026 and Thursday 31 December 2026.\n" +
            "\n" +
            "Ada Lovelace is asked to arrange the call. The attached calendar file proposes Tuesday 1 December 2026, 10:00 to 10:30 UK time. If you have not heard anything within a week, please get in touch yourself.\n" +
            "\n" +
            "\n" +
            "WHO YOU ARE MEETING\n" +
            "\n" +
            "Ada Lovelace\n" +
            "Organisation: Analytical Council\n" +
            "Role: Head of digital\n" +
            "In their own words: I look after our <digital> services & data.\n" +
            "Email: ada@council.example.gov.uk\n" +
            "Phone: 01632 960001\n" +
            "\n" +
            "\n" +
            "WHAT TO TALK ABOUT\n" +
            "\n" +
            "Think: what are you working on, and what is getting in the way?\n" +
            "Do: what have you tried that worked, or did not?\n" +
            "Share: what could you pass on, and who else should the other person meet?\n" +
            "\n" +
            "\n" +
            "THE ONE RULE\n" +
            "\n" +
            "No sales pitches. This is a conversation between people who care about public services, not a chance to sell.\n" +
            "\n" +
            "\n" +
            "YOUR PARTICIPATION\n" +
            "\n" +
            "Do not want to be paired with someone here again? Tell us privately (they will not be told): https://unmentoring.example.org/report/TOKEN\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>Your December 2026 UnMentoring conversation</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">Your December 2026 conversation</h1>\n" +
            "<p>Hello Alan Turing,</p>\n" +
            "<p>This month you are meeting Ada Lovelace. Please have a conversation of 30 to 60 minutes between Tuesday 1 December 2026 and Thursday 31 December 2026.</p>\n" +
            "<p><strong>Ada Lovelace is asked to arrange the call.</strong> The attached calendar file proposes Tuesday 1 December 2026, 10:00 to 10:30 UK time. If you have not heard anything within a week, please get in touch yourself.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Who you are meeting</h2>\n" +
            "<h3 style=\"font-size: 1.1em;\">Ada Lovelace</h3>\n" +
            "<ul>\n" +
            "<li>Organisation: Analytical Council</li>\n" +
            "<li>Role: Head of digital</li>\n" +
            "<li>Email: <a href=\"mailto:ada@council.example.gov.uk\">ada@council.example.gov.uk</a></li>\n" +
            "<li>Phone: 01632 960001</li>\n" +
            "</ul>\n" +
            "<p>In their own words: I look after our &lt;digital&gt; services &amp; data.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What to talk about</h2>\n" +
            "<ul>\n" +
            "<li><strong>Think:</strong> what are you working on, and what is getting in the way?</li>\n" +
            "<li><strong>Do:</strong> what have you tried that worked, or did not?</li>\n" +
            "<li><strong>Share:</strong> what could you pass on, and who else should the other person meet?</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">The one rule</h2>\n" +
            "<p>No sales pitches. This is a conversation between people who care about public services, not a chance to sell.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/report/TOKEN\">Do not want to be paired with someone here again? Tell us privately</a> (they will not be told)</li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n" +
            "--- attachment invitation.ics (text/calendar; charset=utf-8) ---\n" +
            "BEGIN:VCALENDAR\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "PRODID:-//LocalGov Digital//UnMentoring//EN\r\n" +
            "VERSION:2.0\r\n" +
            "BEGIN:VEVENT\r\n" +
            "ATTENDEE;CN=Ada Lovelace;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NE\r\n" +
            " EDS-ACTION:mailto:ada@council.example.gov.uk\r\n" +
            "ATTENDEE;CN=Alan Turing;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEE\r\n" +
            " DS-ACTION:mailto:alan@bletchley.example.org\r\n" +
            "DESCRIPTION:A proposed time for your December 2026 UnMentoring conversation\r\n" +
            " . Ada Lovelace is asked to arrange the call: move it to a time that suits \r\n" +
            " you all.\r\n" +
            "DTEND:20261201T103000Z\r\n" +
            "DTSTAMP:20261130T090000Z\r\n" +
            "DTSTART:20261201T100000Z\r\n" +
            "ORGANIZER;CN=UnMentoring:mailto:organisers@unmentoring.example.org\r\n" +
            "SEQUENCE:0\r\n" +
            "STATUS:TENTATIVE\r\n" +
            "SUMMARY:UnMentoring conversation: Ada Lovelace and Alan Turing\r\n" +
            "TRANSP:OPAQUE\r\n" +
            "UID:round-8-1-3@unmentoring.example.org\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n" +
            "\n",
        ["sat-out"] =
            "IdempotencyKey: round:7:satOut:14\n" +
            "Kind: SatOut\n" +
            "RoundId: 7\n" +
            "ParticipantId: 14\n" +
            "RecipientAddress: zoe.obrien@kensington-and-chelsea.example.gov.uk\n" +
            "RecipientName: Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;\n" +
            "Held: False\n" +
            "Subject: No UnMentoring conversation for you in December 2026: you go first next time\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000014>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;,\n" +
            "\n" +
            "There is no conversation for you in December 2026. There was an odd number of people & <you> went last.\n" +
            "\n" +
            "This happens when there is an odd number of people in a round. You will be first in line next time, so it will not happen to you twice in a row.\n" +
            "\n" +
            "You do not need to do anything. If you would rather take a break, you can pause or skip a round:\n" +
            "\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>No UnMentoring conversation for you in December 2026</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">No conversation for you in December 2026</h1>\n" +
            "<p>Hello Zo&#235; &quot;Zed&quot; O&#39;Brien; Smith, Jr \\ &#128512; &lt;b&gt;&amp;amp;,</p>\n" +
            "<p>There is no conversation for you in December 2026. There was an odd number of people &amp; &lt;you&gt; went last.</p>\n" +
            "<p>This happens when there is an odd number of people in a round. You will be first in line next time, so it will not happen to you twice in a row.</p>\n" +
            "<p>You do not need to do anything.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n",
        ["trio-to-ada-grace-arranges"] =
            "IdempotencyKey: round:7:introduction:1\n" +
            "Kind: Introduction\n" +
            "RoundId: 7\n" +
            "ParticipantId: 1\n" +
            "RecipientAddress: ada@council.example.gov.uk\n" +
            "RecipientName: Ada Lovelace\n" +
            "Held: False\n" +
            "Subject: Your December 2026 UnMentoring conversation: meet Grace Hopper and Alan Turing\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000001>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Ada Lovelace,\n" +
            "\n" +
            "This month you are meeting Grace Hopper and Alan Turing. Please have a conversation of 30 to 60 minutes between Tuesday 1 December 2026 and Thursday 31 December 2026.\n" +
            "\n" +
            "Grace Hopper is asked to arrange the call. The attached calendar file proposes Tuesday 1 December 2026, 10:00 to 10:30 UK time. If you have not heard anything within a week, please get in touch yourself.\n" +
            "\n" +
            "\n" +
            "WHO YOU ARE MEETING\n" +
            "\n" +
            "Grace Hopper\n" +
            "Organisation: Navy Trust\n" +
            "In their own words: Compilers, mostly.\n" +
            "Email: grace@navy.example.org\n" +
            "Video call: https://meet.example.org/grace?room=1&pin=2\n" +
            "\n" +
            "Alan Turing\n" +
            "Role: Researcher\n" +
            "Email: alan@bletchley.example.org\n" +
            "\n" +
            "\n" +
            "WHAT TO TALK ABOUT\n" +
            "\n" +
            "Think: what are you working on, and what is getting in the way?\n" +
            "Do: what have you tried that worked, or did not?\n" +
            "Share: what could you pass on, and who else should the other person meet?\n" +
            "\n" +
            "\n" +
            "THE ONE RULE\n" +
            "\n" +
            "No sales pitches. This is a conversation between people who care about public services, not a chance to sell.\n" +
            "\n" +
            "\n" +
            "YOUR PARTICIPATION\n" +
            "\n" +
            "Do not want to be paired with someone here again? Tell us privately (they will not be told): https://unmentoring.example.org/report/TOKEN\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>Your December 2026 UnMentoring conversation</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">Your December 2026 conversation</h1>\n" +
            "<p>Hello Ada Lovelace,</p>\n" +
            "<p>This month you are meeting Grace Hopper and Alan Turing. Please have a conversation of 30 to 60 minutes between Tuesday 1 December 2026 and Thursday 31 December 2026.</p>\n" +
            "<p><strong>Grace Hopper is asked to arrange the call.</strong> The attached calendar file proposes Tuesday 1 December 2026, 10:00 to 10:30 UK time. If you have not heard anything within a week, please get in touch yourself.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Who you are meeting</h2>\n" +
            "<h3 style=\"font-size: 1.1em;\">Grace Hopper</h3>\n" +
            "<ul>\n" +
            "<li>Organisation: Navy Trust</li>\n" +
            "<li>Email: <a href=\"mailto:grace@navy.example.org\">grace@navy.example.org</a></li>\n" +
            "<li>Video call: https://meet.example.org/grace?room=1&amp;pin=2</li>\n" +
            "</ul>\n" +
            "<p>In their own words: Compilers, mostly.</p>\n" +
            "<h3 style=\"font-size: 1.1em;\">Alan Turing</h3>\n" +
            "<ul>\n" +
            "<li>Role: Researcher</li>\n" +
            "<li>Email: <a href=\"mailto:alan@bletchley.example.org\">alan@bletchley.example.org</a></li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What to talk about</h2>\n" +
            "<ul>\n" +
            "<li><strong>Think:</strong> what are you working on, and what is getting in the way?</li>\n" +
            "<li><strong>Do:</strong> what have you tried that worked, or did not?</li>\n" +
            "<li><strong>Share:</strong> what could you pass on, and who else should the other person meet?</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">The one rule</h2>\n" +
            "<p>No sales pitches. This is a conversation between people who care about public services, not a chance to sell.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/report/TOKEN\">Do not want to be paired with someone here again? Tell us privately</a> (they will not be told)</li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n" +
            "--- attachment invitation.ics (text/calendar; charset=utf-8) ---\n" +
            "BEGIN:VCALENDAR\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "PRODID:-//LocalGov Digital//UnMentoring//EN\r\n" +
            "VERSION:2.0\r\n" +
            "BEGIN:VEVENT\r\n" +
            "ATTENDEE;CN=Ada Lovelace;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NE\r\n" +
            " EDS-ACTION:mailto:ada@council.example.gov.uk\r\n" +
            "ATTENDEE;CN=Grace Hopper;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NE\r\n" +
            " EDS-ACTION:mailto:grace@navy.example.org\r\n" +
            "ATTENDEE;CN=Alan Turing;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEE\r\n" +
            " DS-ACTION:mailto:alan@bletchley.example.org\r\n" +
            "DESCRIPTION:A proposed time for your December 2026 UnMentoring conversation\r\n" +
            " . Grace Hopper is asked to arrange the call: move it to a time that suits \r\n" +
            " you all.\r\n" +
            "DTEND:20261201T103000Z\r\n" +
            "DTSTAMP:20261130T090000Z\r\n" +
            "DTSTART:20261201T100000Z\r\n" +
            "ORGANIZER;CN=UnMentoring:mailto:organisers@unmentoring.example.org\r\n" +
            "SEQUENCE:0\r\n" +
            "STATUS:TENTATIVE\r\n" +
            "SUMMARY:UnMentoring conversation: Ada Lovelace\\, Grace Hopper and Alan Turi\r\n" +
            " ng\r\n" +
            "TRANSP:OPAQUE\r\n" +
            "UID:round-7-1-2-3@unmentoring.example.org\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n" +
            "\n",
        ["trio-to-grace-who-arranges"] =
            "IdempotencyKey: round:7:introduction:2\n" +
            "Kind: Introduction\n" +
            "RoundId: 7\n" +
            "ParticipantId: 2\n" +
            "RecipientAddress: grace@navy.example.org\n" +
            "RecipientName: Grace Hopper\n" +
            "Held: False\n" +
            "Subject: Your December 2026 UnMentoring conversation: meet Ada Lovelace and Alan Turing\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000002>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Grace Hopper,\n" +
            "\n" +
            "This month you are meeting Ada Lovelace and Alan Turing. Please have a conversation of 30 to 60 minutes between Tuesday 1 December 2026 and Thursday 31 December 2026.\n" +
            "\n" +
            "You are asked to arrange the call. Please reply to everyone on this email within a few days and suggest a time. The attached calendar file proposes Tuesday 1 December 2026, 10:00 to 10:30 UK time: use it, or move it to a time that suits you all.\n" +
            "\n" +
            "\n" +
            "WHO YOU ARE MEETING\n" +
            "\n" +
            "Ada Lovelace\n" +
            "Organisation: Analytical Council\n" +
            "Role: Head of digital\n" +
            "In their own words: I look after our <digital> services & data.\n" +
            "Email: ada@council.example.gov.uk\n" +
            "Phone: 01632 960001\n" +
            "\n" +
            "Alan Turing\n" +
            "Role: Researcher\n" +
            "Email: alan@bletchley.example.org\n" +
            "\n" +
            "\n" +
            "WHAT TO TALK ABOUT\n" +
            "\n" +
            "Think: what are you working on, and what is getting in the way?\n" +
            "Do: what have you tried that worked, or did not?\n" +
            "Share: what could you pass on, and who else should the other person meet?\n" +
            "\n" +
            "\n" +
            "THE ONE RULE\n" +
            "\n" +
            "No sales pitches. This is a conversation between people who care about public services, not a chance to sell.\n" +
            "\n" +
            "\n" +
            "YOUR PARTICIPATION\n" +
            "\n" +
            "Do not want to be paired with someone here again? Tell us privately (they will not be told): https://unmentoring.example.org/report/TOKEN\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "If you have a question, write to organisers@unmentoring.example.org.\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>Your December 2026 UnMentoring conversation</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">Your December 2026 conversation</h1>\n" +
            "<p>Hello Grace Hopper,</p>\n" +
            "<p>This month you are meeting Ada Lovelace and Alan Turing. Please have a conversation of 30 to 60 minutes between Tuesday 1 December 2026 and Thursday 31 December 2026.</p>\n" +
            "<p><strong>You are asked to arrange the call.</strong> Please reply to everyone on this email within a few days and suggest a time. The attached calendar file proposes Tuesday 1 December 2026, 10:00 to 10:30 UK time: use it, or move it to a time that suits you all.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Who you are meeting</h2>\n" +
            "<h3 style=\"font-size: 1.1em;\">Ada Lovelace</h3>\n" +
            "<ul>\n" +
            "<li>Organisation: Analytical Council</li>\n" +
            "<li>Role: Head of digital</li>\n" +
            "<li>Email: <a href=\"mailto:ada@council.example.gov.uk\">ada@council.example.gov.uk</a></li>\n" +
            "<li>Phone: 01632 960001</li>\n" +
            "</ul>\n" +
            "<p>In their own words: I look after our &lt;digital&gt; services &amp; data.</p>\n" +
            "<h3 style=\"font-size: 1.1em;\">Alan Turing</h3>\n" +
            "<ul>\n" +
            "<li>Role: Researcher</li>\n" +
            "<li>Email: <a href=\"mailto:alan@bletchley.example.org\">alan@bletchley.example.org</a></li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What to talk about</h2>\n" +
            "<ul>\n" +
            "<li><strong>Think:</strong> what are you working on, and what is getting in the way?</li>\n" +
            "<li><strong>Do:</strong> what have you tried that worked, or did not?</li>\n" +
            "<li><strong>Share:</strong> what could you pass on, and who else should the other person meet?</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">The one rule</h2>\n" +
            "<p>No sales pitches. This is a conversation between people who care about public services, not a chance to sell.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/report/TOKEN\">Do not want to be paired with someone here again? Tell us privately</a> (they will not be told)</li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>If you have a question, write to <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n" +
            "--- attachment invitation.ics (text/calendar; charset=utf-8) ---\n" +
            "BEGIN:VCALENDAR\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "PRODID:-//LocalGov Digital//UnMentoring//EN\r\n" +
            "VERSION:2.0\r\n" +
            "BEGIN:VEVENT\r\n" +
            "ATTENDEE;CN=Ada Lovelace;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NE\r\n" +
            " EDS-ACTION:mailto:ada@council.example.gov.uk\r\n" +
            "ATTENDEE;CN=Grace Hopper;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NE\r\n" +
            " EDS-ACTION:mailto:grace@navy.example.org\r\n" +
            "ATTENDEE;CN=Alan Turing;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEE\r\n" +
            " DS-ACTION:mailto:alan@bletchley.example.org\r\n" +
            "DESCRIPTION:A proposed time for your December 2026 UnMentoring conversation\r\n" +
            " . Grace Hopper is asked to arrange the call: move it to a time that suits \r\n" +
            " you all.\r\n" +
            "DTEND:20261201T103000Z\r\n" +
            "DTSTAMP:20261130T090000Z\r\n" +
            "DTSTART:20261201T100000Z\r\n" +
            "ORGANIZER;CN=UnMentoring:mailto:organisers@unmentoring.example.org\r\n" +
            "SEQUENCE:0\r\n" +
            "STATUS:TENTATIVE\r\n" +
            "SUMMARY:UnMentoring conversation: Ada Lovelace\\, Grace Hopper and Alan Turi\r\n" +
            " ng\r\n" +
            "TRANSP:OPAQUE\r\n" +
            "UID:round-7-1-2-3@unmentoring.example.org\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n" +
            "\n",
        ["unmatched-defaults"] =
            "IdempotencyKey: round:7:unmatched:1\n" +
            "Kind: Unmatched\n" +
            "RoundId: 7\n" +
            "ParticipantId: 1\n" +
            "RecipientAddress: ada@council.example.gov.uk\n" +
            "RecipientName: Ada Lovelace\n" +
            "Held: False\n" +
            "Subject: We could not find you a UnMentoring match in December 2026\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000001>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Ada Lovelace,\n" +
            "\n" +
            "We could not find anyone for you to meet in December 2026. Everyone else works at your council.\n" +
            "\n" +
            "We are sorry. This is how matches are made at the moment:\n" +
            "- Nobody is paired with someone they met in the last 12 rounds, unless that is the only way to include them.\n" +
            "- Nobody is paired with someone from their own organisation.\n" +
            "- When the numbers are odd, one group of three is made.\n" +
            "\n" +
            "What would help: more people signing up, especially from other organisations. If you know someone who would enjoy it, please tell them about UnMentoring. If you think a rule is getting in the way, tell the organisers at organisers@unmentoring.example.org.\n" +
            "\n" +
            "You are still in the scheme and will be included in the next round.\n" +
            "\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>We could not find you a UnMentoring match in December 2026</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">No match for you in December 2026</h1>\n" +
            "<p>Hello Ada Lovelace,</p>\n" +
            "<p>We could not find anyone for you to meet in December 2026. Everyone else works at your council.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">How matches are made</h2>\n" +
            "<ul>\n" +
            "<li>Nobody is paired with someone they met in the last 12 rounds, unless that is the only way to include them.</li>\n" +
            "<li>Nobody is paired with someone from their own organisation.</li>\n" +
            "<li>When the numbers are odd, one group of three is made.</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What would help</h2>\n" +
            "<p>More people signing up, especially from other organisations. If you know someone who would enjoy it, please tell them about UnMentoring. If you think a rule is getting in the way, tell the organisers at <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>You are still in the scheme and will be included in the next round.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n",
        ["unmatched-no-relax"] =
            "IdempotencyKey: round:9:unmatched:250\n" +
            "Kind: Unmatched\n" +
            "RoundId: 9\n" +
            "ParticipantId: 250\n" +
            "RecipientAddress: bare@example.org\n" +
            "RecipientName: Bo\n" +
            "Held: False\n" +
            "Subject: We could not find you a UnMentoring match in bad\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000250>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Bo,\n" +
            "\n" +
            "We could not find anyone for you to meet in bad. \n" +
            "\n" +
            "We are sorry. This is how matches are made at the moment:\n" +
            "- Nobody is paired with someone they met in the last 3 rounds.\n" +
            "- Nobody is paired with someone from their own organisation.\n" +
            "- When the numbers are odd, one group of three is made.\n" +
            "\n" +
            "What would help: more people signing up, especially from other organisations. If you know someone who would enjoy it, please tell them about UnMentoring. If you think a rule is getting in the way, tell the organisers at organisers@unmentoring.example.org.\n" +
            "\n" +
            "You are still in the scheme and will be included in the next round.\n" +
            "\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>We could not find you a UnMentoring match in bad</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">No match for you in bad</h1>\n" +
            "<p>Hello Bo,</p>\n" +
            "<p>We could not find anyone for you to meet in bad. </p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">How matches are made</h2>\n" +
            "<ul>\n" +
            "<li>Nobody is paired with someone they met in the last 3 rounds.</li>\n" +
            "<li>Nobody is paired with someone from their own organisation.</li>\n" +
            "<li>When the numbers are odd, one group of three is made.</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What would help</h2>\n" +
            "<p>More people signing up, especially from other organisations. If you know someone who would enjoy it, please tell them about UnMentoring. If you think a rule is getting in the way, tell the organisers at <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>You are still in the scheme and will be included in the next round.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n",
        ["unmatched-other-rules"] =
            "IdempotencyKey: round:9:unmatched:14\n" +
            "Kind: Unmatched\n" +
            "RoundId: 9\n" +
            "ParticipantId: 14\n" +
            "RecipientAddress: zoe.obrien@kensington-and-chelsea.example.gov.uk\n" +
            "RecipientName: Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;\n" +
            "Held: False\n" +
            "Subject: We could not find you a UnMentoring match in February 2027\n" +
            "Header List-Unsubscribe: <https://unmentoring.example.org/unsubscribe/TOKEN>, <mailto:organisers@unmentoring.example.org?subject=Unsubscribe%2000000000-0000-4000-8000-000000000014>\n" +
            "Header List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" +
            "Header Auto-Submitted: auto-generated\n" +
            "--- text ---\n" +
            "Hello Zo\u00eb \"Zed\" O'Brien; Smith, Jr \\ \ud83d\ude00 <b>&amp;,\n" +
            "\n" +
            "We could not find anyone for you to meet in February 2027. No one left.\n" +
            "\n" +
            "We are sorry. This is how matches are made at the moment:\n" +
            "- People can be paired with someone they have met before.\n" +
            "- When the numbers are odd, one person sits out and goes first next time.\n" +
            "\n" +
            "What would help: more people signing up, especially from other organisations. If you know someone who would enjoy it, please tell them about UnMentoring. If you think a rule is getting in the way, tell the organisers at organisers@unmentoring.example.org.\n" +
            "\n" +
            "You are still in the scheme and will be included in the next round.\n" +
            "\n" +
            "Pause for a while: https://unmentoring.example.org/manage/TOKEN/pause\n" +
            "Skip the next round: https://unmentoring.example.org/manage/TOKEN/skip\n" +
            "Change your details or how often you take part: https://unmentoring.example.org/manage/TOKEN\n" +
            "Unsubscribe: https://unmentoring.example.org/unsubscribe/TOKEN\n" +
            "\n" +
            "UnMentoring\n" +
            "\n" +
            "--- html ---\n" +
            "<!DOCTYPE html>\n" +
            "<html lang=\"en\">\n" +
            "<head>\n" +
            "<meta charset=\"utf-8\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            "<title>We could not find you a UnMentoring match in February 2027</title>\n" +
            "</head>\n" +
            "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;\">\n" +
            "<h1 style=\"font-size: 1.6em;\">No match for you in February 2027</h1>\n" +
            "<p>Hello Zo&#235; &quot;Zed&quot; O&#39;Brien; Smith, Jr \\ &#128512; &lt;b&gt;&amp;amp;,</p>\n" +
            "<p>We could not find anyone for you to meet in February 2027. No one left.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">How matches are made</h2>\n" +
            "<ul>\n" +
            "<li>People can be paired with someone they have met before.</li>\n" +
            "<li>When the numbers are odd, one person sits out and goes first next time.</li>\n" +
            "</ul>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">What would help</h2>\n" +
            "<p>More people signing up, especially from other organisations. If you know someone who would enjoy it, please tell them about UnMentoring. If you think a rule is getting in the way, tell the organisers at <a href=\"mailto:organisers@unmentoring.example.org\">organisers@unmentoring.example.org</a>.</p>\n" +
            "<p>You are still in the scheme and will be included in the next round.</p>\n" +
            "\n" +
            "<h2 style=\"font-size: 1.3em;\">Your participation</h2>\n" +
            "<ul>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/pause\">Pause your participation for a while</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN/skip\">Skip the next round</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/manage/TOKEN\">Change your details or how often you take part</a></li>\n" +
            "<li><a href=\"https://unmentoring.example.org/unsubscribe/TOKEN\">Unsubscribe from UnMentoring</a></li>\n" +
            "</ul>\n" +
            "<p>UnMentoring</p>\n" +
            "</body>\n" +
            "</html>\n" +
            "\n",
    };
}
