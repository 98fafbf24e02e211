extension DrugTerminology {
    /// Where the table comes from: the codes and group names are those of the WHO ATC/DDD
    /// Index; the RxNorm concepts are ingredient RXCUIs of the US National Library of
    /// Medicine's RxNorm; synonyms are the brand and development code names in the
    /// substances' labels and registry entries.
    public static let source = """
        WHO Collaborating Centre for Drug Statistics Methodology, ATC/DDD Index 2024, \
        group L01 (https://atcddd.fhi.no/atc_ddd_index/?code=L01); RxNorm ingredient \
        concepts (https://www.nlm.nih.gov/research/umls/rxnorm/)
        """

    /// The ATC level-4 groups of the table, with their names in the index.
    public static let groups: [String: String] = [
        "L01AA": "nitrogen mustard analogues",
        "L01BA": "folic acid analogues",
        "L01BC": "pyrimidine analogues",
        "L01CA": "vinca alkaloids and analogues",
        "L01CB": "podophyllotoxin derivatives",
        "L01CD": "taxanes",
        "L01CE": "topoisomerase 1 (TOP1) inhibitors",
        "L01DB": "anthracyclines and related substances",
        "L01DC": "other cytotoxic antibiotics",
        "L01EB": "epidermal growth factor receptor (EGFR) tyrosine kinase inhibitors",
        "L01FD": "HER2 (human epidermal growth factor receptor 2) inhibitors",
        "L01FE": "EGFR (epidermal growth factor receptor) inhibitors",
        "L01FF": "PD-1/PD-L1 (programmed cell death protein 1/death ligand 1) inhibitors",
        "L01FG": "VEGF/VEGFR (vascular endothelial growth factor) inhibitors",
        "L01FX": "other monoclonal antibodies and antibody drug conjugates",
        "L01XA": "platinum compounds",
    ]

    /// The named classes a protocol may write instead of an ATC code.
    public static let namedClasses: [DrugClass] = [
        DrugClass(name: "platinum", label: "platinum compounds (ATC L01XA)", codes: ["L01XA"]),
        DrugClass(
            name: "fluoropyrimidine", label: "fluoropyrimidines (fluorouracil and its prodrugs, in ATC L01BC)",
            codes: ["L01BC02", "L01BC03", "L01BC04", "L01BC06", "L01BC53"], members: ["doxifluridine"]
        ),
        DrugClass(name: "taxane", label: "taxanes (ATC L01CD)", codes: ["L01CD"]),
        DrugClass(name: "anti-PD-1/PD-L1", label: "PD-1/PD-L1 inhibitors (ATC L01FF)", codes: ["L01FF"]),
        DrugClass(name: "anti-CTLA-4", label: "CTLA-4 inhibitors (in ATC L01FX)", codes: ["L01FX04"], members: ["tremelimumab"]),
    ]

    /// The substances. A substance without `code` is one whose substance code the table
    /// does not give (not assigned in the index version cited, or assigned later): it is
    /// placed in the group of its mechanism, which a class by ATC group reads.
    public static let entries: [DrugEntry] = [
        // L01AA nitrogen mustard analogues
        DrugEntry("cyclophosphamide", group: "L01AA", code: "L01AA01", synonyms: ["Endoxan", "Cytoxan"]),
        DrugEntry("ifosfamide", group: "L01AA", code: "L01AA06", synonyms: ["IFO", "Holoxan"]),
        // L01BA folic acid analogues
        DrugEntry("methotrexate", group: "L01BA", code: "L01BA01", synonyms: ["MTX"]),
        DrugEntry("raltitrexed", group: "L01BA", code: "L01BA03", synonyms: ["Tomudex"]),
        DrugEntry("pemetrexed", group: "L01BA", code: "L01BA04", synonyms: ["Alimta"]),
        // L01BC pyrimidine analogues
        DrugEntry("cytarabine", group: "L01BC", code: "L01BC01", synonyms: ["Ara-C", "cytosine arabinoside"]),
        DrugEntry("fluorouracil", group: "L01BC", code: "L01BC02", rxnorm: "4492", synonyms: ["5-FU", "5-fluorouracil", "Adrucil"]),
        DrugEntry("tegafur", group: "L01BC", code: "L01BC03", synonyms: ["ftorafur"]),
        DrugEntry("carmofur", group: "L01BC", code: "L01BC04", synonyms: ["HCFU"]),
        DrugEntry("gemcitabine", group: "L01BC", code: "L01BC05", rxnorm: "12574", synonyms: ["Gemzar", "GEM"]),
        DrugEntry("capecitabine", group: "L01BC", code: "L01BC06", rxnorm: "194000", synonyms: ["Xeloda"]),
        DrugEntry("doxifluridine", group: "L01BC", synonyms: ["5'-DFUR", "Furtulon"]),
        DrugEntry(
            "tegafur/gimeracil/oteracil", group: "L01BC", code: "L01BC53",
            synonyms: ["S-1", "TS-1", "Teysuno", "tegafur, gimeracil and oteracil", "tegafur-gimeracil-oteracil potassium"]
        ),
        DrugEntry("tegafur/uracil", group: "L01BC", code: "L01BC53", synonyms: ["UFT"]),
        // L01CA vinca alkaloids, L01CB podophyllotoxins
        DrugEntry("vinorelbine", group: "L01CA", code: "L01CA04", synonyms: ["Navelbine", "NVB"]),
        DrugEntry("etoposide", group: "L01CB", code: "L01CB01", synonyms: ["VP-16", "Vepesid"]),
        // L01CD taxanes
        DrugEntry("paclitaxel", group: "L01CD", code: "L01CD01", rxnorm: "56946", synonyms: ["Taxol", "PTX", "nab-paclitaxel", "albumin-bound paclitaxel", "Abraxane"]),
        DrugEntry("docetaxel", group: "L01CD", code: "L01CD02", rxnorm: "72962", synonyms: ["Taxotere", "DTX"]),
        DrugEntry("cabazitaxel", group: "L01CD", code: "L01CD04", synonyms: ["Jevtana"]),
        // L01CE topoisomerase 1 inhibitors
        DrugEntry("topotecan", group: "L01CE", code: "L01CE01", synonyms: ["Hycamtin"]),
        DrugEntry("irinotecan", group: "L01CE", code: "L01CE02", synonyms: ["CPT-11", "Camptosar"]),
        // L01DB anthracyclines, L01DC other cytotoxic antibiotics
        DrugEntry("doxorubicin", group: "L01DB", code: "L01DB01", synonyms: ["Adriamycin"]),
        DrugEntry("epirubicin", group: "L01DB", code: "L01DB03", synonyms: ["Pharmorubicin"]),
        DrugEntry("bleomycin", group: "L01DC", code: "L01DC01"),
        DrugEntry("mitomycin", group: "L01DC", code: "L01DC03", synonyms: ["mitomycin C", "MMC"]),
        // L01EB EGFR tyrosine kinase inhibitors
        DrugEntry("gefitinib", group: "L01EB", code: "L01EB01", synonyms: ["Iressa"]),
        DrugEntry("erlotinib", group: "L01EB", code: "L01EB02", synonyms: ["Tarceva"]),
        DrugEntry("afatinib", group: "L01EB", code: "L01EB03", synonyms: ["Gilotrif", "Giotrif"]),
        DrugEntry("osimertinib", group: "L01EB", code: "L01EB04", synonyms: ["Tagrisso", "AZD9291"]),
        // L01FD HER2, L01FE EGFR, L01FG VEGF antibodies
        DrugEntry("trastuzumab", group: "L01FD", code: "L01FD01", synonyms: ["Herceptin"]),
        DrugEntry("pertuzumab", group: "L01FD", code: "L01FD02", synonyms: ["Perjeta"]),
        DrugEntry("cetuximab", group: "L01FE", code: "L01FE01", synonyms: ["Erbitux"]),
        DrugEntry("panitumumab", group: "L01FE", code: "L01FE02", synonyms: ["Vectibix"]),
        DrugEntry("nimotuzumab", group: "L01FE", synonyms: ["h-R3", "TheraCIM"]),
        DrugEntry("bevacizumab", group: "L01FG", code: "L01FG01", synonyms: ["Avastin"]),
        DrugEntry("ramucirumab", group: "L01FG", code: "L01FG02", synonyms: ["Cyramza"]),
        // L01FF PD-1/PD-L1 inhibitors
        DrugEntry("nivolumab", group: "L01FF", code: "L01FF01", rxnorm: "1597876", synonyms: ["Opdivo", "ONO-4538", "BMS-936558", "MDX-1106"]),
        DrugEntry("pembrolizumab", group: "L01FF", code: "L01FF02", rxnorm: "1547545", synonyms: ["Keytruda", "MK-3475", "lambrolizumab"]),
        DrugEntry("durvalumab", group: "L01FF", code: "L01FF03", rxnorm: "1919503", synonyms: ["Imfinzi", "MEDI4736"]),
        DrugEntry("avelumab", group: "L01FF", code: "L01FF04", synonyms: ["Bavencio", "MSB0010718C"]),
        DrugEntry("atezolizumab", group: "L01FF", code: "L01FF05", rxnorm: "1792776", synonyms: ["Tecentriq", "MPDL3280A", "RG7446"]),
        DrugEntry("cemiplimab", group: "L01FF", code: "L01FF06", synonyms: ["Libtayo", "REGN2810"]),
        DrugEntry("dostarlimab", group: "L01FF", code: "L01FF07", synonyms: ["Jemperli", "TSR-042"]),
        DrugEntry("prolgolimab", group: "L01FF", code: "L01FF08", synonyms: ["BCD-100", "Forteca"]),
        DrugEntry("tislelizumab", group: "L01FF", code: "L01FF09", synonyms: ["BGB-A317", "Tevimbra"]),
        DrugEntry("retifanlimab", group: "L01FF", code: "L01FF10", synonyms: ["INCMGA00012", "Zynyz"]),
        DrugEntry("toripalimab", group: "L01FF", synonyms: ["JS001", "Tuoyi", "Loqtorzi", "toripalimab-tpzi"]),
        DrugEntry("camrelizumab", group: "L01FF", synonyms: ["SHR-1210", "AiRuiKa"]),
        DrugEntry("sintilimab", group: "L01FF", synonyms: ["IBI308", "Tyvyt"]),
        DrugEntry("penpulimab", group: "L01FF", synonyms: ["AK105"]),
        DrugEntry("serplulimab", group: "L01FF", synonyms: ["HLX10", "Hansizhuang"]),
        DrugEntry("zimberelimab", group: "L01FF", synonyms: ["GLS-010"]),
        DrugEntry("spartalizumab", group: "L01FF", synonyms: ["PDR001"]),
        DrugEntry("envafolimab", group: "L01FF", synonyms: ["KN035"]),
        DrugEntry("sugemalimab", group: "L01FF", synonyms: ["CS1001", "Cejemly"]),
        DrugEntry("adebrelimab", group: "L01FF", synonyms: ["SHR-1316"]),
        // L01FX other monoclonal antibodies: CTLA-4
        DrugEntry("ipilimumab", group: "L01FX", code: "L01FX04", synonyms: ["Yervoy", "MDX-010"]),
        DrugEntry("tremelimumab", group: "L01FX", synonyms: ["Imjudo", "CP-675,206"]),
        // L01XA platinum compounds
        DrugEntry("cisplatin", group: "L01XA", code: "L01XA01", rxnorm: "2555", synonyms: ["CDDP", "DDP", "Platinol"]),
        DrugEntry("carboplatin", group: "L01XA", code: "L01XA02", rxnorm: "40048", synonyms: ["CBDCA", "Paraplatin"]),
        DrugEntry("oxaliplatin", group: "L01XA", code: "L01XA03", rxnorm: "32592", synonyms: ["L-OHP", "Eloxatin"]),
        DrugEntry("nedaplatin", group: "L01XA", synonyms: ["Aqupla"]),
        DrugEntry("lobaplatin", group: "L01XA", synonyms: ["D-19466"]),
    ]
}
