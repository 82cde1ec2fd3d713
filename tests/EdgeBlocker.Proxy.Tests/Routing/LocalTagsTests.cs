using System.Text;
using EdgeBlocker.Proxy.Routing;

namespace EdgeBlocker.Proxy.Tests.Routing;

public class LocalTagsTests
{
    private static string Next(LocalTags tags)
    {
        Span<byte> tag = stackalloc byte[LocalTags.MaxLength];
        return Encoding.ASCII.GetString(tag[..tags.Next(tag)]);
    }

    [Fact]
    public void Each_tag_is_new_and_known_again_by_its_maker_only()
    {
        var tags = new LocalTags();
        var other = new LocalTags(); // another start of the service
        var first = Next(tags);
        var second = Next(tags);

        Assert.NotEqual(first, second);
        Assert.Matches("^eb[0-9a-f]{12}[0-9a-f]+$", first);
        Assert.True(tags.IsOwn(Encoding.ASCII.GetBytes(first)));
        Assert.True(tags.IsOwn(Encoding.ASCII.GetBytes(second)));
        Assert.False(other.IsOwn(Encoding.ASCII.GetBytes(first)));
        Assert.True(other.IsOwn(Encoding.ASCII.GetBytes(Next(other))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("eb")]
    [InlineData("eb1")]
    [InlineData("uas1")]
    public void Tags_of_other_elements_are_not_its_own(string tag)
    {
        var tags = new LocalTags();
        Assert.False(tags.IsOwn(Encoding.ASCII.GetBytes(tag)));
    }

    [Fact]
    public void The_prefix_alone_or_in_another_case_is_not_a_tag_it_made()
    {
        var tags = new LocalTags();
        var made = Next(tags);
        var prefix = made[..14];
        Assert.False(tags.IsOwn(Encoding.ASCII.GetBytes(prefix)));
        Assert.False(tags.IsOwn(Encoding.ASCII.GetBytes(made.ToUpperInvariant())));
        Assert.True(tags.IsOwn(Encoding.ASCII.GetBytes(prefix + "zz")));
    }
}
