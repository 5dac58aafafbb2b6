namespace Unmentoring.Benchmarks;

/// <summary>
/// The <c>--name value</c> pairs after a benchmark verb (<c>fresh-process-pair</c>, <c>engine-calls</c>,
/// <c>relay-latency</c>); null when a name has no value, so the verb prints its usage.
/// </summary>
internal static class VerbOptions
{
    public static Dictionary<string, string>? Parse(string[] args)
    {
        if ((args.Length - 1) % 2 != 0)
        {
            return null;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        return options;
    }
}
