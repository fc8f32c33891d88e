using Telephony.Web.Api;

namespace Telephony.Web.Tests.Components;

public sealed class TokenPagesTests
{
    [Fact]
    public void Next_then_Previous_returns_the_tokens_the_pages_were_read_with()
    {
        var pages = new TokenPages();
        pages.Shown(null, "t2");
        Assert.Equal((1, false, true), (pages.Number, pages.HasPrevious, pages.HasNext));

        Assert.Equal("t2", pages.Forward());
        pages.Shown("t2", "t3");
        Assert.Equal("t3", pages.Forward());
        pages.Shown("t3", null);
        Assert.Equal((3, true, false), (pages.Number, pages.HasPrevious, pages.HasNext));

        Assert.Equal("t2", pages.Back());
        pages.Shown("t2", "t3");
        Assert.Null(pages.Back());
        pages.Shown(null, "t2");
        Assert.Equal((1, false), (pages.Number, pages.HasPrevious));
    }

    [Fact]
    public void Reset_goes_back_to_the_first_page()
    {
        var pages = new TokenPages();
        pages.Shown(null, "t2");
        pages.Shown(pages.Forward(), "t3");

        pages.Reset();

        Assert.Equal((1, false, false, null), (pages.Number, pages.HasPrevious, pages.HasNext, pages.Current));
    }
}
