namespace NetTumorBoard.Web.Cases.Editing.Text;

/// <summary>
/// Three-way merge of concurrent edits to one text. Both sides' edits are taken against the common base; edits
/// that touch different places both apply; where they overlap, the union of what either side deleted is deleted
/// and both sides' inserted text is kept, <paramref name="mine"/> first: the one whose edit is being merged typed at
/// that spot with the caret there, so their words stay together before text that arrived at the same point
/// (two people typing at the end of a section each keep their own sentence whole). Inserted text is therefore
/// never lost, and the result is deterministic, so every participant converges on what the server decides.
/// </summary>
public static class TextMerge
{
    public static string Merge(string @base, string mine, string theirs)
    {
        if (mine == @base || mine == theirs)
        {
            return theirs;
        }
        if (theirs == @base)
        {
            return mine;
        }

        var edits = TextEdits.Between(@base, theirs).Select(e => (Edit: e, Theirs: true))
            .Concat(TextEdits.Between(@base, mine).Select(e => (Edit: e, Theirs: false)))
            .OrderBy(x => x.Edit.Start).ThenBy(x => x.Edit.End).ThenBy(x => x.Theirs ? 1 : 0)
            .ToList();

        var merged = new List<TextEdit>();
        var i = 0;
        while (i < edits.Count)
        {
            var cluster = new List<(TextEdit Edit, bool Theirs)> { edits[i] };
            var start = edits[i].Edit.Start;
            var end = edits[i].Edit.End;
            i++;
            while (i < edits.Count && Overlap(new TextEdit(start, end, ""), edits[i].Edit))
            {
                cluster.Add(edits[i]);
                end = Math.Max(end, edits[i].Edit.End);
                i++;
            }
            var insert = string.Concat(cluster.Where(c => !c.Theirs).Select(c => c.Edit.Insert))
                + string.Concat(cluster.Where(c => c.Theirs).Select(c => c.Edit.Insert));
            merged.Add(new TextEdit(start, end, insert));
        }
        return TextEdits.Apply(@base, merged);
    }

    /// <summary>Two edits collide when their ranges share characters, or an insertion point lies inside the other's range, or both insert at the same point.</summary>
    private static bool Overlap(TextEdit a, TextEdit b)
    {
        if (Math.Max(a.Start, b.Start) < Math.Min(a.End, b.End))
        {
            return true;
        }
        if (a.IsInsertOnly && b.IsInsertOnly)
        {
            return a.Start == b.Start;
        }
        return (a.IsInsertOnly && b.Start < a.Start && a.Start < b.End)
            || (b.IsInsertOnly && a.Start < b.Start && b.Start < a.End);
    }
}
