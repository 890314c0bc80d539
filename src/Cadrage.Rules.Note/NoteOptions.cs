namespace Cadrage.Rules.Note;

/// <summary>Settings of the note de cadrage (section <c>Cadrage:Note</c>).</summary>
public sealed class NoteOptions
{
    public const string Section = "Cadrage:Note";

    /// <summary>A CSS file that replaces the note's default style (the whole style: start from note.css). Empty: the default.</summary>
    public string? Css { get; set; }
}
