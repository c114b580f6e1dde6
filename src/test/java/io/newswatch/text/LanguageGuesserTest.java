package io.newswatch.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LanguageGuesserTest {

    @Test
    void recognisesEachSupportedLanguage() {
        assertEquals("en", LanguageGuesser.guess("The government said on Tuesday that it would not send troops to Ukraine. "
                + "The minister said the decision was taken with the allies and that it will be explained to lawmakers."));
        assertEquals("de", LanguageGuesser.guess("Die Regierung hat am Dienstag erklärt, dass sie die Truppen nicht in die Ukraine "
                + "schicken wird. Der Minister sagte, es gebe dafür keine Grundlage und man werde mit den Partnern sprechen."));
        assertEquals("fr", LanguageGuesser.guess("Le gouvernement a déclaré mardi qu'il n'enverrait pas de troupes en Ukraine. "
                + "Le ministre a indiqué que cette décision était prise avec les alliés et qu'elle serait expliquée aux députés."));
        assertEquals("es", LanguageGuesser.guess("El gobierno afirmó el martes que no enviará tropas a Ucrania. El ministro dijo "
                + "que la decisión fue tomada con los aliados y que será explicada en el congreso por los responsables."));
        assertEquals("it", LanguageGuesser.guess("Il governo ha dichiarato martedì che non invierà truppe in Ucraina. Il ministro "
                + "ha detto che la decisione è stata presa con gli alleati e che sarà spiegata al parlamento."));
        assertEquals("pt", LanguageGuesser.guess("O governo afirmou na terça-feira que não vai enviar tropas para a Ucrânia. "
                + "O ministro disse que a decisão foi tomada com os aliados e que será explicada aos deputados."));
        assertEquals("nl", LanguageGuesser.guess("De regering heeft dinsdag verklaard dat zij geen troepen naar Oekraïne zal sturen. "
                + "De minister zei dat het besluit met de bondgenoten is genomen en dat het aan het parlement wordt uitgelegd."));
        assertEquals("ru", LanguageGuesser.guess("Правительство заявило во вторник, что не будет направлять войска на Украину. "
                + "Министр сказал, что это решение было принято вместе с союзниками и что оно будет объяснено депутатам."));
    }

    @Test
    void saysEnglishWhenUnsure() {
        assertEquals("en", LanguageGuesser.guess(""));
        assertEquals("en", LanguageGuesser.guess(null));
        assertEquals("en", LanguageGuesser.guess("Kim Jong Un"));
        assertEquals("en", LanguageGuesser.guess("Hyvää huomenta kaikille ystäville täällä tänään"));
    }
}
