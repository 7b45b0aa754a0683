using RasaPlatform.Core.Listing;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Tests;

/// <summary>Every listing mark has exactly one place the stores keep it.</summary>
public class ListingMarkSqlTests
{
    [Fact]
    public void EveryMark_HasOneSource()
    {
        var marks = Enum.GetValues<ListingMarks>().Where(m => m != ListingMarks.None).ToList();

        Assert.All(marks, mark => Assert.Single(ListingMarkSql.Sources, s => s.Marks.HasFlag(mark)));
        Assert.Equal(marks.Aggregate(ListingMarks.None, (all, m) => all | m), ListingMarkSql.Sources.Aggregate(ListingMarks.None, (all, s) => all | s.Marks));
    }
}
