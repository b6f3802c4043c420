namespace NetTumorBoard.Web.Cases;

/// <summary>Write model the case deciders rule on; rebuilt from the stream (FetchForWriting).</summary>
public sealed record CaseState(Guid Id, Guid BoardId, CaseStatus Status)
{
    public static CaseState Create(CaseCreated e) => new(e.CaseId, e.BoardId, CaseStatus.Draft);
}
