using System.Diagnostics.CodeAnalysis;

// Roslyn's release tracking only sees descriptors created from constant ids; ours are built from DiagnosticCatalog, so it
// would call every shipped id unsupported (RS2003) and every unshipped one too (RS2002). DiagnosticCatalogTests checks the release files against the catalog instead.
[assembly: SuppressMessage("MicrosoftCodeAnalysisReleaseTracking", "RS2003:Shipped diagnostic IDs that are no longer reported should have an entry in the 'Removed Rules' table in unshipped file",
    Justification = "Descriptors come from DiagnosticCatalog; DiagnosticCatalogTests checks the release files.")]
[assembly: SuppressMessage("MicrosoftCodeAnalysisReleaseTracking", "RS2002:Rule is part of the next unshipped release but is not a supported diagnostic for any analyzer",
    Justification = "Descriptors come from DiagnosticCatalog; DiagnosticCatalogTests checks the release files.")]
