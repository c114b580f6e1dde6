package io.newswatch.text;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The most frequent function words of the languages newswatch recognises. They serve two
 * purposes: {@link LanguageGuesser} counts them, and {@link HardWraps} uses the short ones to tell
 * a real short word at a line end ("of", "und", "les") from a word fragment cut by a hard wrap
 * ("tr").
 */
final class Stopwords {
    private Stopwords() {}

    /** Language code to its function words, in the order the guesser breaks ties (English first). */
    static final Map<String, Set<String>> BY_LANGUAGE = new LinkedHashMap<>();

    static {
        BY_LANGUAGE.put("en", words("""
                the of and to in is that for it with as was on be by at this are from or have an has had
                not but which were they their been its will would who after also more than about into
                there what when he she his her we you can could these those over such between while
                """));
        BY_LANGUAGE.put("de", words("""
                der die das und ist nicht ein eine einen einem einer den dem des zu mit sich auf für von
                im auch es werden wird wurde aus bei nach noch wie über oder aber vor zur zum sind hat
                haben dass sie er wir ich sein kann nur um durch gegen seine ihre diese dieser ihr als
                """));
        BY_LANGUAGE.put("fr", words("""
                le la les de des du et est une un que qui dans pour pas sur au aux avec ce cette il elle
                ne se sont par plus ont été mais ou son sa ses leur nous vous comme entre selon lors
                aussi après très être été ils elles
                """));
        BY_LANGUAGE.put("es", words("""
                el la los las de del y que en un una es por con para no se su sus al lo como más pero
                fue ha han sido este esta entre sobre también desde hasta muy ya son está según tras
                cuando donde porque hay
                """));
        BY_LANGUAGE.put("it", words("""
                il lo la gli le di del della dei delle e è che un una per non con da dal nella nel sono
                ha hanno anche più come ma questo questa tra fra dopo suo sua essere stato stata alla
                alle agli degli quando perché ancora
                """));
        BY_LANGUAGE.put("pt", words("""
                o a os as de do da dos das e é que em no na nos nas um uma para por com não se ao aos
                mais mas foi são seu sua pelo pela como também está entre sobre após já ainda quando
                muito ser tem têm isso este esta
                """));
        BY_LANGUAGE.put("nl", words("""
                de het een en van is dat op te in voor met zijn niet aan er om ook als bij door naar maar
                wordt werd heeft hebben over uit nog dan wel deze dit die zich haar hij ze we worden
                tegen onder geen kan
                """));
        BY_LANGUAGE.put("ru", words("""
                и в не на что с по как это к из за от о для у так но его же а бы был была были быть он
                она они мы вы при до то все также или после уже только который которые году будет ее их
                """));
    }

    /**
     * Words of one to three letters that are real words on their own. A line-end fragment of this
     * length that is not listed here is treated as a piece of a word cut by a hard wrap.
     */
    static final Set<String> SHORT_WORDS = new HashSet<>();

    static {
        SHORT_WORDS.addAll(words("""
                a i o y e à è é á ó ú
                am an as at be by do go he if in is it me my no of oh on or ok so to up us we ah
                ago all and any are arm art ask bad bag ban bar bed bet bid big bit box boy bus but buy
                can car cat cut dad day did die dig dog dry due ear eat egg end era eve eye fan far fat
                fed fee few fig fit fix fly for fox fun fur gap gas get god got gun guy had has hat her
                hey him hip his hit hot how ice ill its jet job joy key kid kin lab lad law lay led leg
                let lie lip lit log lot low mad man map may men met mid mix mob mom mud nap net new nor
                not now nut oak odd off oil old one ore our out owe own pad pan pay pen per pet pie pin
                pit pop pot pro pub put ran rat raw ray red rid rim rip rob rod row rub rug run sad sat
                saw say sea see set sex she shy sin sip sir sit six ski sky son spy sum sun tab tag tap
                tax tea ten the tie tin tip toe ton too top toy try tug two use van vet via vow war was
                way web wet who why win wit won yes yet you zoo aid aim air ace act add age ate awe axe
                """));
        for (Set<String> words : BY_LANGUAGE.values()) {
            for (String word : words) {
                if (word.length() <= 3) {
                    SHORT_WORDS.add(word);
                }
            }
        }
    }

    private static Set<String> words(String list) {
        return new HashSet<>(Arrays.asList(list.strip().split("\\s+")));
    }
}
