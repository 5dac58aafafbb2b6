using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Hosting;
using Unmentoring.Participants;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Participants;

public sealed class ParticipantLinksTests
{
    private static readonly string PublicId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private static readonly IOptions<UnmentoringOptions> Scheme = Options.Create(new UnmentoringOptions { PublicBaseUrl = "https://unmentoring.example.org/" });

    [Fact]
    public void ManageUrl_ReadBack_NamesThePersonUntilItExpires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var links = new ParticipantLinks(LinkSigningKey.Ephemeral(), Scheme, time);

        var url = links.ManageUrl(PublicId, "pause");

        Assert.StartsWith("https://unmentoring.example.org/manage/", url, StringComparison.Ordinal);
        Assert.EndsWith("/pause", url, StringComparison.Ordinal);
        var token = url.Split('/')[^2];
        Assert.True(links.TryReadManageToken(token, out var id));
        Assert.Equal(PublicId, id);
        Assert.False(links.TryReadUnsubscribeToken(token, out _));
        time.Advance(ParticipantLinks.LinkLifetime - TimeSpan.FromMinutes(1));
        Assert.True(links.TryReadManageToken(token, out _));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(links.TryReadManageToken(token, out _));
    }

    [Fact]
    public void Token_AnyCharacterChangedOrSignedWithAnotherKey_IsRefused()
    {
        var links = new ParticipantLinks(LinkSigningKey.Ephemeral(), Scheme, TimeProvider.System);
        var token = links.UnsubscribeUrl(PublicId).Split('/')[^1];

        for (var i = 0; i < token.Length; i++)
        {
            var changed = token.ToCharArray();
            changed[i] = changed[i] == 'A' ? 'B' : 'A';
            Assert.False(links.TryReadUnsubscribeToken(new string(changed), out _), $"changed at {i}");
        }

        Assert.False(new ParticipantLinks(LinkSigningKey.Ephemeral(), Scheme, TimeProvider.System).TryReadUnsubscribeToken(token, out _));
        Assert.False(links.TryReadUnsubscribeToken(token + "A", out _));
        Assert.False(links.TryReadUnsubscribeToken("", out _));
        Assert.False(links.TryReadUnsubscribeToken(new string('/', 56), out _));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Key_TwoInstancesOnOneDatabase_SignAlike(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var first = new ParticipantLinks(new LinkSigningKey(db.Database, TimeProvider.System), Scheme, TimeProvider.System);
        var second = new ParticipantLinks(new LinkSigningKey(db.Database, TimeProvider.System), Scheme, TimeProvider.System);

        var token = first.ManageUrl(PublicId).Split('/')[^1];

        Assert.True(second.TryReadManageToken(token, out var id));
        Assert.Equal(PublicId, id);
    }
}
