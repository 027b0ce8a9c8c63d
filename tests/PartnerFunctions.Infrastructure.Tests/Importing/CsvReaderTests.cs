using PartnerFunctions.Infrastructure.Importing;

namespace PartnerFunctions.Infrastructure.Tests.Importing;

public sealed class CsvReaderTests
{
    [Fact]
    public void Read_Rfc4180_QuotesCommasLineBreaksAndDoubledQuotes()
    {
        var (records, errors) = CsvReader.Read("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\n  plain  ,\"\",last\n");

        Assert.Empty(errors);
        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(["plain", string.Empty, "last"], records[2].Fields);
    }

    [Fact]
    public void Read_NoFinalLineBreak_LastRecordKept()
    {
        var (records, _) = CsvReader.Read("a,b\n1,2");

        Assert.Equal(["1", "2"], records[1].Fields);
    }

    [Theory]
    [InlineData("a,b\n1,x\"y\n", 2)]
    [InlineData("a,b\n1,\"x\"y\n", 2)]
    [InlineData("a,b\n1,2\n3,\"never closed\n4,5\n", 3)]
    public void Read_BadQuoting_ReportedOnItsLine(string text, int line)
    {
        var (_, errors) = CsvReader.Read(text);

        Assert.Equal(line, Assert.Single(errors).Line);
    }
}
