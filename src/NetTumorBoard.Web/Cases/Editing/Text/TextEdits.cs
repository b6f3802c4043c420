using System.Globalization;
using System.Text;
using DiffMatchPatch;

namespace NetTumorBoard.Web.Cases.Editing.Text;

/// <summary>One replacement in a source text: characters [Start, End) become <see cref="Insert"/>.</summary>
public readonly record struct TextEdit(int Start, int End, string Insert)
{
    public bool IsInsertOnly => Start == End;
}

public static class TextEdits
{
    /// <summary>
    /// The edits that turn <paramref name="from"/> into <paramref name="to"/>, positions in <paramref name="from"/>.
    /// The diff runs over words (letters and digits) and single other characters, never inside a word: a word
    /// someone typed stays one insertion and cannot be cut apart by a concurrent edit, as a character diff that
    /// reuses a matching letter of a neighbouring word would allow. The price: two people changing the same word at
    /// the same moment both keep their version of it, side by side, rather than one losing letters.
    /// </summary>
    /// <summary>
    /// The same insertion can often sit at several places (inserting " b" after "a b" equals inserting "b " after
    /// "a "); it is put where its ends fall on word boundaries, so a typed word is never cut by where the diff
    /// happened to place it. Ties go to the rightmost place.
    /// </summary>
    private static TextEdit Slide(string source, int at, string insert)
    {
        var best = (At: at, Insert: insert, Score: Score(source, at, insert));
        var text = insert;
        for (var p = at; p > 0 && text.Length > 0 && source[p - 1] == text[^1]; p--)
        {
            text = source[p - 1] + text[..^1];
            var score = Score(source, p - 1, text);
            if (score > best.Score)
            {
                best = (p - 1, text, score);
            }
        }
        return new TextEdit(best.At, best.At, best.Insert);
    }

    /// <summary>
    /// An insertion that ends in a letter or digit right before a letter or digit of the source. (Continuing a
    /// half-typed word, the common case of a burst that ended mid-word, glues only on the left and stays exact.)
    /// </summary>
    private static bool GluesToWord(string source, TextEdit insertion) =>
        insertion.Start < source.Length && char.IsLetterOrDigit(source[insertion.Start]) && char.IsLetterOrDigit(insertion.Insert[^1]);

    /// <summary>
    /// A deletion can often be read at several places too (deleting "T; " from "NET; T2" leaves what deleting "; T"
    /// leaves); it is taken where its ends fall on word boundaries, so a concurrent edit is not told that a letter of the
    /// neighbouring word went away. Ties go to the rightmost place (what the common prefix gives).
    /// </summary>
    private static TextEdit SlideDeletion(string source, int start, int end)
    {
        var best = (Start: start, Score: DeletionScore(source, start, end));
        for (int s = start, e = end; s > 0 && source[s - 1] == source[e - 1] && !char.IsSurrogate(source[s - 1]); )
        {
            s--;
            e--;
            var score = DeletionScore(source, s, e);
            if (score > best.Score)
            {
                best = (s, score);
            }
        }
        return new TextEdit(best.Start, best.Start + (end - start), "");
    }

    private static int DeletionScore(string source, int start, int end) =>
        Boundary(start == 0 ? null : source[start - 1], source[start]) + Boundary(source[end - 1], end == source.Length ? null : source[end]);

    private static int Score(string source, int at, string insert) =>
        Boundary(at == 0 ? null : source[at - 1], insert[0]) + Boundary(insert[^1], at == source.Length ? null : source[at]);

    private static int Boundary(char? left, char? right)
    {
        if (left is not { } l || right is not { } r)
        {
            return 3;
        }
        return char.IsWhiteSpace(l) || char.IsWhiteSpace(r) ? 2 : !char.IsLetterOrDigit(l) || !char.IsLetterOrDigit(r) ? 1 : 0;
    }

    /// <summary>Common prefix and suffix lengths (not overlapping, never splitting a surrogate pair).</summary>
    private static (int Prefix, int Suffix) Common(string a, string b)
    {
        var max = Math.Min(a.Length, b.Length);
        var prefix = 0;
        while (prefix < max && a[prefix] == b[prefix])
        {
            prefix++;
        }
        if (prefix > 0 && prefix < a.Length && char.IsHighSurrogate(a[prefix - 1]))
        {
            prefix--;
        }
        var suffix = 0;
        while (suffix < max - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }
        if (suffix > 0 && suffix < a.Length && char.IsLowSurrogate(a[a.Length - suffix]))
        {
            suffix--;
        }
        return (prefix, suffix);
    }

    public static List<TextEdit> Between(string from, string to)
    {
        var edits = new List<TextEdit>();
        if (from == to)
        {
            return edits;
        }
        // A pure insertion or deletion (every typing burst, every backspacing) is taken exactly where it happened,
        // even inside a word: word tokens would otherwise fuse text typed right after a half-typed word with it and
        // turn a clean insertion into a replacement that collides with the other side's.
        var (prefix, suffix) = Common(from, to);
        if (prefix + suffix == from.Length)
        {
            // ...unless the inserted text would borrow letters of a word already there: typing " T1K2" where "2" was
            // deleted reads as inserting " T1K" before the old "2", and a concurrent deletion of that "2" would cut the
            // typed word. Then the word diff below replaces the word instead, so the typed word stays whole.
            var insertion = Slide(from, prefix, to.Substring(prefix, to.Length - prefix - suffix));
            if (!GluesToWord(from, insertion))
            {
                edits.Add(insertion);
                return edits;
            }
        }
        if (prefix + suffix == to.Length)
        {
            edits.Add(SlideDeletion(from, prefix, from.Length - suffix));
            return edits;
        }
        var dmp = new diff_match_patch { Diff_Timeout = 1f };
        var vocabulary = new Dictionary<string, char>(StringComparer.Ordinal);
        var tokens = new List<string>();
        var encodedFrom = Encode(from, vocabulary, tokens);
        var encodedTo = Encode(to, vocabulary, tokens);
        var diffs = encodedFrom is null || encodedTo is null ? dmp.diff_main(from, to, false) : dmp.diff_main(encodedFrom, encodedTo, false);
        // Semantic clean-up absorbs coincidental small equalities inside a change (a space shared by the old and the
        // new wording), so a rewritten phrase is one edit rather than a comb of tiny ones.
        dmp.diff_cleanupSemantic(diffs);

        var position = 0;
        int? start = null;
        var end = 0;
        var insert = new StringBuilder();
        foreach (var diff in diffs)
        {
            var text = encodedFrom is null ? diff.text : Decode(diff.text, tokens);
            switch (diff.operation)
            {
                case Operation.EQUAL:
                    Flush();
                    position += text.Length;
                    break;
                case Operation.DELETE:
                    start ??= position;
                    position += text.Length;
                    end = position;
                    break;
                case Operation.INSERT:
                    if (start is null)
                    {
                        start = position;
                        end = position;
                    }
                    insert.Append(text);
                    break;
            }
        }
        Flush();
        return edits;

        void Flush()
        {
            if (start is { } s)
            {
                edits.Add(new TextEdit(s, Math.Max(end, s), insert.ToString()));
                start = null;
                insert.Clear();
            }
        }
    }


    /// <summary>Maps each word or other character to one char (skipping the surrogate range); null if there are too many.</summary>
    private static string? Encode(string text, Dictionary<string, char> vocabulary, List<string> tokens)
    {
        var encoded = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var j = i + 1;
            if (char.IsLetterOrDigit(text[i]))
            {
                while (j < text.Length && (char.IsLetterOrDigit(text[j]) || char.GetUnicodeCategory(text[j]) is UnicodeCategory.NonSpacingMark))
                {
                    j++;
                }
            }
            else if (char.IsHighSurrogate(text[i]) && j < text.Length)
            {
                j++;
            }
            var token = text[i..j];
            if (!vocabulary.TryGetValue(token, out var code))
            {
                var index = tokens.Count;
                if (index >= 0xF000)
                {
                    return null;
                }
                code = (char)(index < 0xD800 ? index : index + 0x800);
                vocabulary[token] = code;
                tokens.Add(token);
            }
            encoded.Append(code);
            i = j;
        }
        return encoded.ToString();
    }

    private static string Decode(string encoded, List<string> tokens)
    {
        var text = new StringBuilder();
        foreach (var code in encoded)
        {
            text.Append(tokens[code < 0xD800 ? code : code - 0x800]);
        }
        return text.ToString();
    }

    public static string Apply(string source, IReadOnlyList<TextEdit> edits)
    {
        var result = new StringBuilder(source.Length);
        var position = 0;
        foreach (var edit in edits)
        {
            result.Append(source, position, edit.Start - position).Append(edit.Insert);
            position = edit.End;
        }
        return result.Append(source, position, source.Length - position).ToString();
    }
}
