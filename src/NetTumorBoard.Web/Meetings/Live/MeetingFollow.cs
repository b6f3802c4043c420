namespace NetTumorBoard.Web.Meetings.Live;

/// <summary>
/// Which meeting this browser tab (circuit) has joined and whether it follows the chair from case to case.
/// Scoped per circuit; the meeting bar in the layout reads it on every page.
/// </summary>
public sealed class MeetingFollow
{
    public Guid? MeetingId { get; private set; }
    public bool Following { get; private set; }

    public event Action? Changed;

    public void Join(Guid meetingId, bool following = true)
    {
        MeetingId = meetingId;
        Following = following;
        Changed?.Invoke();
    }

    public void SetFollowing(bool following)
    {
        if (MeetingId is null || Following == following)
        {
            return;
        }
        Following = following;
        Changed?.Invoke();
    }

    public void Leave()
    {
        MeetingId = null;
        Following = false;
        Changed?.Invoke();
    }
}
