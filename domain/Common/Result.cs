namespace Telephony.Domain.Common;

/// <summary>How a refusal is answered: the HTTP layer maps each kind to one status code.</summary>
public enum ErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    PreconditionFailed,
    TooLarge,
    UnsupportedMediaType,
    Unprocessable,
    Unauthenticated,
    Forbidden,
    Unavailable,
    Unexpected,

    /// <summary>A system the change depends on (the voice platform) failed or did not answer.</summary>
    Upstream,
}

/// <summary>A refusal with a stable, machine-readable code (the problem-details <c>code</c>).</summary>
public sealed record DomainError(string Code, string Title, string Detail, ErrorKind Kind)
{
    /// <summary>Field-level messages for a malformed request, keyed by field name.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}

/// <summary>The outcome of an operation: a value, or the one refusal that stopped it.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, DomainError? error)
    {
        _value = value;
        Error = error;
    }

    public DomainError? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Result failed with '{Error!.Code}'.");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(DomainError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(DomainError error) => Failure(error);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? map(Value) : Error!;

    /// <summary>Runs <paramref name="next"/> on the value; a refusal is passed on without running it.</summary>
    public async Task<Result<TOut>> BindAsync<TOut>(Func<T, Task<Result<TOut>>> next) => IsSuccess ? await next(Value) : Error!;
}

/// <summary>A successful change with nothing to return.</summary>
public readonly record struct Done
{
    public static readonly Done Value = default;
}
