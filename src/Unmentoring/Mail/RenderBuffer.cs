using System.Text;

namespace Unmentoring.Mail;

/// <summary>
/// One StringBuilder per thread, kept between renders so that rendering allocates only the strings it
/// returns. Take it with <see cref="Acquire"/> and give it back with <see cref="Release"/> or <see cref="Return"/>;
/// a render that needs another one meanwhile simply gets a new builder.
/// </summary>
internal static class RenderBuffer
{
    private const int MaxKept = 64 * 1024;

    [ThreadStatic]
    private static StringBuilder? _cached;

    public static StringBuilder Acquire(int capacity)
    {
        var builder = _cached;
        if (builder is null)
        {
            return new StringBuilder(capacity);
        }

        _cached = null;
        builder.Clear();
        if (builder.Capacity < capacity)
        {
            builder.Capacity = capacity;
        }

        return builder;
    }

    public static string Release(StringBuilder builder)
    {
        var text = builder.ToString();
        Return(builder);
        return text;
    }

    public static void Return(StringBuilder builder)
    {
        if (builder.Capacity <= MaxKept)
        {
            _cached = builder;
        }
    }
}
