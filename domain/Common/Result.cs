namespace Telephony.Domain.Common;

// The HTTP layer maps each kind to one status code.
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

    Upstream,
}

public sealed record DomainError(string Code, string Title, string Detail, ErrorKind Kind)
{
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}

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

    public async Task<Result<TOut>> BindAsync<TOut>(Func<T, Task<Result<TOut>>> next) => IsSuccess ? await next(Value) : Error!;
}

public readonly record struct Done
{
    public static readonly Done Value = default;
}
