using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace NetTumorBoard.Web.Components;

/// <summary>One run of a readable diff: unchanged text, or a replacement (removed text, then added text).</summary>
public sealed record DiffRun(string Unchanged, string Removed, string Added)
{
    public bool IsChange => Removed.Length > 0 || Added.Length > 0;
}

/// <summary>
/// Word-level difference grouped for reading: consecutive changed words (and the spaces between them) become one
/// "removed … / added …" pair, so "liver metastases" → "partial response" reads as two phrases, not interleaved words.
/// </summary>
public static class DiffRuns
{
    public static IReadOnlyList<DiffRun> Between(string before, string after)
    {
        var pieces = InlineDiffBuilder.Diff(before, after, ignoreWhiteSpace: false, ignoreCase: false, chunker: WordChunker.Instance).Lines;
        var runs = new List<DiffRun>();
        var unchanged = new System.Text.StringBuilder();
        var removed = new System.Text.StringBuilder();
        var added = new System.Text.StringBuilder();
        var pendingSpace = new System.Text.StringBuilder();

        void FlushChange()
        {
            if (removed.Length > 0 || added.Length > 0)
            {
                runs.Add(new DiffRun("", removed.ToString(), added.ToString()));
                removed.Clear();
                added.Clear();
            }
        }

        void FlushUnchanged()
        {
            if (unchanged.Length > 0)
            {
                runs.Add(new DiffRun(unchanged.ToString(), "", ""));
                unchanged.Clear();
            }
        }

        foreach (var piece in pieces)
        {
            var text = piece.Text ?? "";
            var inChange = removed.Length > 0 || added.Length > 0;
            switch (piece.Type)
            {
                case ChangeType.Deleted or ChangeType.Inserted:
                    if (!inChange)
                    {
                        FlushUnchanged();
                    }
                    // Spaces that separated two changed words belong to both phrases.
                    if (pendingSpace.Length > 0)
                    {
                        removed.Append(pendingSpace);
                        added.Append(pendingSpace);
                        pendingSpace.Clear();
                    }
                    (piece.Type == ChangeType.Deleted ? removed : added).Append(text);
                    break;
                default:
                    if (inChange && string.IsNullOrWhiteSpace(text))
                    {
                        pendingSpace.Append(text);
                        break;
                    }
                    FlushChange();
                    unchanged.Append(pendingSpace).Append(text);
                    pendingSpace.Clear();
                    break;
            }
        }
        FlushChange();
        unchanged.Append(pendingSpace);
        FlushUnchanged();
        return runs;
    }
}
