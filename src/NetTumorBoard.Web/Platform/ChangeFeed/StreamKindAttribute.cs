namespace NetTumorBoard.Web.Platform.ChangeFeed;

/// <summary>Names a stream's kind in change notices ("case", "board"): put it on the stream's aggregate type.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StreamKindAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}
