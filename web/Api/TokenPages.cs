namespace Telephony.Web.Api;

/// <summary>
/// Paging by continuation token, forwards and back. The API gives only the next page's token, so the tokens of the
/// pages behind are kept here; a long list is never loaded whole.
/// </summary>
public sealed class TokenPages
{
    private readonly Stack<string?> _behind = new();

    /// <summary>The token the page shown was read with (<c>null</c> for the first page).</summary>
    public string? Current { get; private set; }

    public string? Next { get; private set; }

    /// <summary>The page shown, counting from 1.</summary>
    public int Number => _behind.Count + 1;

    public bool HasPrevious => _behind.Count > 0;

    public bool HasNext => Next is not null;

    /// <summary>Back to the first page (a new filter, another site).</summary>
    public void Reset()
    {
        _behind.Clear();
        Current = null;
        Next = null;
    }

    /// <summary>The page read with <paramref name="token"/> is shown; <paramref name="next"/> is the API's token for the one after.</summary>
    public void Shown(string? token, string? next)
    {
        Current = token;
        Next = next;
    }

    /// <summary>The token of the next page; the one shown is kept for Previous.</summary>
    public string? Forward()
    {
        _behind.Push(Current);
        return Next;
    }

    /// <summary>The token of the page before the one shown.</summary>
    public string? Back() => _behind.Pop();
}
