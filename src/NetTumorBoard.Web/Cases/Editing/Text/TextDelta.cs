using System.Text;

namespace NetTumorBoard.Web.Cases.Editing.Text;

/// <summary>
/// The exact change from one version of a section to the next, as stored in SectionEdited events:
/// tab-separated operations "=n" (keep n characters), "-text" (delete text), "+text" (insert text), with text
/// percent-encoded. It names the deleted text, so it can be applied forward (replay) and backward (to recover
/// the text a client based a stale edit on) and checked: applying it to the wrong text throws.
/// </summary>
public static class TextDelta
{
    public static string Compute(string from, string to)
    {
        var ops = new List<string>();
        var position = 0;
        foreach (var edit in TextEdits.Between(from, to))
        {
            if (edit.Start > position)
            {
                ops.Add("=" + (edit.Start - position));
            }
            if (edit.End > edit.Start)
            {
                ops.Add("-" + Uri.EscapeDataString(from[edit.Start..edit.End]));
            }
            if (edit.Insert.Length > 0)
            {
                ops.Add("+" + Uri.EscapeDataString(edit.Insert));
            }
            position = edit.End;
        }
        return string.Join('\t', ops);
    }

    public static string Apply(string source, string delta) => Run(source, delta, inverse: false);

    /// <summary>Turns the text after the delta back into the text before it.</summary>
    public static string Revert(string result, string delta) => Run(result, delta, inverse: true);

    private static string Run(string source, string delta, bool inverse)
    {
        var output = new StringBuilder(source.Length);
        var position = 0;
        foreach (var op in delta.Split('\t', StringSplitOptions.RemoveEmptyEntries))
        {
            var kind = op[0];
            if (inverse && kind is '-' or '+')
            {
                kind = kind == '-' ? '+' : '-';
            }
            switch (kind)
            {
                case '=':
                    var count = int.Parse(op.AsSpan(1));
                    Require(position + count <= source.Length);
                    output.Append(source, position, count);
                    position += count;
                    break;
                case '-':
                    var deleted = Uri.UnescapeDataString(op[1..]);
                    Require(string.CompareOrdinal(source, position, deleted, 0, deleted.Length) == 0 && position + deleted.Length <= source.Length);
                    position += deleted.Length;
                    break;
                case '+':
                    output.Append(Uri.UnescapeDataString(op[1..]));
                    break;
                default:
                    throw new FormatException($"Unknown text delta operation '{op[0]}'.");
            }
        }
        Require(position <= source.Length);
        return output.Append(source, position, source.Length - position).ToString();
    }

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The text delta does not fit this text (history out of order or corrupted).");
        }
    }
}
