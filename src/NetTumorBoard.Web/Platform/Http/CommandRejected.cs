namespace NetTumorBoard.Web.Platform.Http;

public enum RejectionKind
{
    Invalid = 400,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
    TooLarge = 413,
}

/// <summary>
/// A command refused by a rule. Deciders throw it before anything is appended, so a rejection never leaves
/// partial state; the API turns it into problem details, the hub into a HubException, the UI into a message.
/// </summary>
public sealed class CommandRejected(
    RejectionKind kind,
    string title,
    IReadOnlyDictionary<string, string[]>? errors = null,
    IReadOnlyDictionary<string, object?>? extensions = null) : Exception(title)
{
    public RejectionKind Kind { get; } = kind;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    /// <summary>
    /// A conflict carries the current version (the contract's promise for every 409): this one, with
    /// <paramref name="version"/> added unless it says already.
    /// </summary>
    public CommandRejected WithCurrentVersion(long version) =>
        Kind != RejectionKind.Conflict || Extensions.ContainsKey("currentVersion")
            ? this
            : new CommandRejected(Kind, Message, Errors, new Dictionary<string, object?>(Extensions) { ["currentVersion"] = version });

    public static CommandRejected NotFound(string what) => new(RejectionKind.NotFound, $"{what} was not found.");
    public static CommandRejected Forbidden(string title) => new(RejectionKind.Forbidden, title);
    public static CommandRejected Invalid(string field, string message) =>
        new(RejectionKind.Invalid, "The request has invalid fields.", new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors keyed by the JSON path of the field ("tumor.ki67Percent").</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    public void Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

    public void ThrowIfAny(string title = "The request has invalid fields.")
    {
        if (Any)
        {
            throw new CommandRejected(RejectionKind.Invalid, title, ToDictionary());
        }
    }
}
