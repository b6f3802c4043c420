using Microsoft.AspNetCore.Components;

namespace NetTumorBoard.Web.Components;

/// <summary>A component where people type: reports what it has open to <see cref="UnsavedWork"/> after every render.</summary>
public abstract class UnsavedWorkComponent : ComponentBase, IDisposable
{
    [Inject] private UnsavedWork Unsaved { get; set; } = default!;

    /// <summary>What the user has open here, in words ("a comment"), or null when nothing is.</summary>
    protected abstract string? OpenWork { get; }

    protected override void OnAfterRender(bool firstRender) => Unsaved.Set(this, OpenWork);

    public void Dispose()
    {
        Unsaved.Set(this, null);
        GC.SuppressFinalize(this);
    }
}
