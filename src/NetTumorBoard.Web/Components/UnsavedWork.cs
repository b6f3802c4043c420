namespace NetTumorBoard.Web.Components;

/// <summary>
/// What this tab (circuit) has open and not yet saved: an open field editor, a proposal or amendment being written, a
/// comment typed, a dialog. A live meeting moves its followers from case to case; while anything here is open the
/// meeting bar does not move the tab away (which would drop it), it offers to go once the user is done.
/// Components report their own state after each render and clear it when disposed. Scoped per circuit, used only on
/// its synchronization context.
/// </summary>
public sealed class UnsavedWork
{
    private readonly Dictionary<object, string> _open = new(ReferenceEqualityComparer.Instance);

    public event Action? Changed;

    public bool Any => _open.Count > 0;

    /// <summary>What is open, in words ("a comment", "the question"), the first one.</summary>
    public string? What => _open.Values.FirstOrDefault();

    /// <summary><paramref name="what"/> is open at <paramref name="owner"/>, or (null) nothing is any more.</summary>
    public void Set(object owner, string? what)
    {
        var changed = what is null ? _open.Remove(owner) : !_open.TryGetValue(owner, out var before) || before != what;
        if (what is not null)
        {
            _open[owner] = what;
        }
        if (changed)
        {
            Changed?.Invoke();
        }
    }
}
