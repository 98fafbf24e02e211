import TrialCheckCore

/// The FHIR R4, mCODE STU4 and AE Clinical Research identifiers the FHIR mapping reads.
enum FHIRCodes {
    static let snomed = "http://snomed.info/sct"
    static let loinc = "http://loinc.org"
    static let ucum = "http://unitsofmeasure.org"
    static let atc = "http://www.whocc.no/atc"
    static let ncit = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"
    static let icd10 = ["http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10"]
    private static let mcode = "http://hl7.org/fhir/us/mcode/StructureDefinition/"

    // MARK: Extensions

    static let procedureIntent = [mcode + "mcode-procedure-intent"]
    static let modalityAndTechnique = [mcode + "mcode-radiotherapy-modality-and-technique"]
    static let modality = [mcode + "mcode-radiotherapy-modality"]
    static let technique = [mcode + "mcode-radiotherapy-technique"]
    static let sessions = [mcode + "mcode-radiotherapy-sessions"]
    static let doseDeliveredToVolume = [mcode + "mcode-radiotherapy-dose-delivered-to-volume"]
    static let histology = [mcode + "mcode-histology-morphology-behavior"]
    /// The grade of an adverse event: the AE Clinical Research backport and R5 IGs, and
    /// the retired mCODE extension.
    static let adverseEventGrade = [
        "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade",
        "http://hl7.org/fhir/uv/ae-research-ig/StructureDefinition/ae-grade",
        mcode + "ctcae-grade",
    ]
    static let adverseEventResolveDate = [
        "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/resolve-date",
        "http://hl7.org/fhir/uv/ae-research-ig/StructureDefinition/resolve-date",
    ]

    // MARK: Codes

    /// Radiotherapy course summary: SNOMED CT (STU3+) and the STU2 requested code.
    static let radiotherapyCourseCodes = ["1217123003", "USCRS-33529"]
    /// SNOMED CT "Surgical procedure", a category of surgery.
    static let surgicalProcedure = "387713003"
    /// mCODE technique codes, in the patient-history vocabulary.
    static let techniqueBySNOMED = [
        "441799006": "IMRT", "1156530009": "VMAT", "1162782007": "3D-CRT", "1156526006": "2D",
        "168524008": "IORT", "1156529004": "proton passive scattering", "1156528007": "proton spot scanning",
    ]
    /// mCODE modality codes that name a technique of their own when none is given.
    static let modalityBySNOMED = ["10611004": "proton", "45643008": "electron", "1156505006": "carbon ion"]
    /// ProcedureIntentVS (and the timing codes mCODE leaves out), in patient-history words.
    static let intentBySNOMED = [
        "373808002": "curative", "363676003": "palliative", "399707004": "supportive", "261004008": "diagnostic",
        "129428001": "preventive", "373846009": "adjuvant", "373847000": "neoadjuvant",
    ]
    /// Routes: see ``ClinicalCodes/route(code:text:)``.

    /// LOINC codes of observations mapped to model fields other than labs.
    static let ecog = "89247-1"
    static let karnofsky = "89243-0"
    static let diseaseStatus = "97509-4"
    static let age = "30525-0"
    /// Stage-group observation codes (SNOMED CT and LOINC).
    static let stageGroupCodes: Set<String> = ["399390009", "399537006", "399588009", "21908-9", "21902-2", "21914-7"]
    /// TNM category observation codes (read through the stage group, not alone).
    static let tnmCategoryCodes: Set<String> = [
        "78873005", "399504009", "384625004", "277206009", "399534004", "371494008", "277208005", "399387003", "371497001",
        "21905-5", "21899-0", "21911-3", "21906-3", "21900-6", "21912-1", "21907-1", "21901-4", "21913-9",
    ]
    /// Cancer disease status values (ConditionStatusTrendVS and remission codes) as responses.
    static let responseBySNOMED = [
        "271299001": "PD", "359746009": "SD", "268910001": "improved", "709137006": "NE",
        "550991000124107": "CR", "103338009": "CR", "551001000124108": "PR", "103337004": "PR",
    ]
    /// CTCAE grades as NCIt codes.
    static let gradeByNCIt = ["C75533": 0, "C41338": 1, "C41339": 2, "C41340": 3, "C41337": 4, "C48275": 5]
}
