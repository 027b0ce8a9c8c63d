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
    public void Read_RecordLongerThanSepReads_ErrorOnItsLine()
    {
        var (_, errors) = CsvReader.Read("a,b\n1,2\n" + new string('x', CsvReader.MaxRecordChars + 1) + "\n3,4\n");

        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("longer than", error.Reason, StringComparison.Ordinal);
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

    [Fact]
    public void Read_Utf8ByteOrderMark_NotPartOfTheFirstField()
    {
        var (records, errors) = CsvReader.Read("\uFEFFpartnerId,amount\r\nfr-1,10\r\n");

        Assert.Empty(errors);
        Assert.Equal(["partnerId", "amount"], records[0].Fields);
    }

    [Fact]
    public void Read_QuotedSeparators_KeptInsideTheField()
    {
        var (records, errors) = CsvReader.Read("a,b,c\n\"Dupont, Martin & Fils\",\"a;b\",\"x,\"\"y\"\",z\"\n");

        Assert.Empty(errors);
        Assert.Equal(["Dupont, Martin & Fils", "a;b", "x,\"y\",z"], records[1].Fields);
    }

    [Fact]
    public void Read_SemicolonHeader_ReadAsSemicolonSeparated_CommasStayInFields()
    {
        // What Excel in a French locale writes: ';' between fields, ',' as the decimal separator.
        var text = "\uFEFFpartnerId;amount;name\r\nfr-1;1234,50;\"Léa; Petit\"\r\n";

        var (records, errors) = CsvReader.Read(text);

        Assert.Equal(';', CsvReader.DetectSeparator(text));
        Assert.Empty(errors);
        Assert.Equal(["fr-1", "1234,50", "Léa; Petit"], records[1].Fields);
    }

    [Theory]
    [InlineData("a,b\n1,2\n", ',')]
    [InlineData("a;b\n1;2\n", ';')]
    [InlineData("a;b,c\n1;2\n", ',')]
    [InlineData("single\n1\n", ',')]
    public void DetectSeparator_FromTheHeaderLine(string text, char expected)
    {
        Assert.Equal(expected, CsvReader.DetectSeparator(text));
    }

    [Theory]
    [InlineData("a,b,c\n1,2,x\"y\n", 2, 3)]
    [InlineData("a,b,c\n1,\"x\"y,3\n", 2, 2)]
    [InlineData("a,b\n\"two\nlines\",ok\n\"x\" y,1\n", 4, 1)]
    [InlineData("a;b;c\n1;2;3\n4;\"never closed\n", 3, 2)]
    public void Read_BadQuoting_ReportsLineAndColumn(string text, int line, int column)
    {
        var (_, errors) = CsvReader.Read(text);

        var error = Assert.Single(errors);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.False(string.IsNullOrEmpty(error.Reason));
    }
}
