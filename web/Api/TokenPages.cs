namespace Telephony.Web.Api;

// The API gives only the next token, so earlier pages' tokens are kept here.
public sealed class TokenPages
{
    private readonly Stack<string?> _behind = new();

    // null for the first page.
    public string? Current { get; private set; }

    public string? Next { get; private set; }

    // From 1.
    public int Number => _behind.Count + 1;

    public bool HasPrevious => _behind.Count > 0;

    public bool HasNext => Next is not null;

    // New filter or site.
    public void Reset()
    {
        _behind.Clear();
        Current = null;
        Next = null;
    }

    public void Shown(string? token, string? next)
    {
        Current = token;
        Next = next;
    }

    // The current one is kept for Previous.
    public string? Forward()
    {
        _behind.Push(Current);
        return Next;
    }

    public string? Back() => _behind.Pop();
}
