using Microsoft.JSInterop;

namespace NetTumorBoard.Web.Components;

/// <summary>The browser's UTC offset, so times show in the clinician's local time (UTC until the circuit is interactive).</summary>
public sealed class BrowserTime(IJSRuntime js)
{
    private TimeSpan? _offset;

    public TimeSpan Offset => _offset ?? TimeSpan.Zero;

    public async Task<TimeSpan> OffsetAsync()
    {
        if (_offset is null)
        {
            try
            {
                _offset = TimeSpan.FromMinutes(await js.InvokeAsync<int>("ntb.utcOffsetMinutes"));
            }
            catch (Exception e) when (e is JSException or InvalidOperationException or TaskCanceledException)
            {
                return TimeSpan.Zero;
            }
        }
        return _offset.Value;
    }
}
