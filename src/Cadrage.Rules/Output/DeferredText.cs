namespace Cadrage.Rules.Output;

/// <summary>
/// A text of a result that the evaluation renders when it is first read: a rule's explanation with the territory's
/// values written in, the text of an indicator value. Serializing a result reads them all (the same bytes as texts
/// rendered at once); a compact batch line predicts most of them from the rule set, checks the prediction on where
/// they come from (<see cref="TextProvenance"/>), and never renders them. Equal to another when their texts are
/// equal (records holding one keep their value equality). Rendering twice on two threads gives the same text.
/// </summary>
internal abstract class DeferredText : IEquatable<DeferredText>
{
    private string? _text;

    /// <summary>The text, rendered at the first read.</summary>
    public string Text => _text ??= Render();

    /// <summary>Whether the text has been rendered (or was given).</summary>
    public bool Rendered => _text is not null;

    protected abstract string Render();

    /// <summary>A text given as it is (read from JSON, built by a test or a tool).</summary>
    public static DeferredText Of(string text) => new Given(text);

    public bool Equals(DeferredText? other) => other is not null && (ReferenceEquals(this, other) || string.Equals(Text, other.Text, StringComparison.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as DeferredText);

    public override int GetHashCode() => Text?.GetHashCode(StringComparison.Ordinal) ?? 0;

    public override string ToString() => Text;

    private sealed class Given : DeferredText
    {
        private readonly string _given;

        public Given(string text)
        {
            _given = text;
            _text = text;
        }

        protected override string Render() => _given;
    }
}
