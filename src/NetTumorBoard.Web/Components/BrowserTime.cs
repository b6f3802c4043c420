using Microsoft.JSInterop;

namespace NetTumorBoard.Web.Components;

/// <summary>
/// The browser's time zone, so times show in the clinician's local time (UTC until the circuit is interactive). The
/// zone, not only today's offset: a meeting on the other side of a daylight-saving change has an offset of its own.
/// </summary>
public sealed class BrowserTime(IJSRuntime js)
{
    private TimeSpan? _offset;
    private TimeZoneInfo? _zone;

    public TimeSpan Offset => _offset ?? TimeSpan.Zero;

    /// <summary>The browser's zone once known (<see cref="ZoneAsync"/>); UTC before.</summary>
    public TimeZoneInfo Zone => _zone ?? TimeZoneInfo.Utc;

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

    /// <summary>The browser's IANA zone; if the browser or this server does not know it, a fixed zone at today's offset.</summary>
    public async Task<TimeZoneInfo> ZoneAsync()
    {
        if (_zone is null)
        {
            string? id = null;
            try
            {
                id = await js.InvokeAsync<string?>("ntb.timeZone");
            }
            catch (Exception e) when (e is JSException or InvalidOperationException or TaskCanceledException)
            {
                return TimeZoneInfo.Utc;
            }
            _zone = Times.ZoneFor(id, await OffsetAsync());
        }
        return _zone;
    }
}
