using System;
using Composable.Evaluation.Selection;
using Xunit;

namespace Composable.Tests.Evaluation;

public class StudentTTests
{
    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(2, 4.3027)]
    [InlineData(9, 2.2622)]
    [InlineData(30, 2.0423)]
    [InlineData(40, 2.0211)]
    [InlineData(60, 2.0003)]
    [InlineData(120, 1.9799)]
    [InlineData(100000, 1.9600)]
    public void The_975_quantile_matches_published_values(int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, StudentT.Quantile975(degreesOfFreedom), 4);

    [Fact]
    public void Zero_degrees_of_freedom_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile975(0));
}
