namespace Unmentoring.Web;

/// <summary>
/// The page numbers a GOV.UK pagination shows: the first, the last, the current one and its neighbours,
/// with null where an ellipsis stands for the pages between.
/// </summary>
internal static class Pagination
{
    public static IReadOnlyList<int?> Numbers(int current, int count)
    {
        var shown = new SortedSet<int> { 1, count, current - 1, current, current + 1 };
        shown.RemoveWhere(n => n < 1 || n > count);
        var numbers = new List<int?>();
        var previous = 0;
        foreach (var n in shown)
        {
            if (n > previous + 1)
            {
                numbers.Add(null);
            }

            numbers.Add(n);
            previous = n;
        }

        return numbers;
    }
}
