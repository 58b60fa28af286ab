package org.zeptux.rt.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The Character methods of this package against the JDK's own, for every code point (and a
 * few beyond): the tables the static initialisers build and the searches over them agree
 * with {@code Character} everywhere. (The compiled code is checked against the JVM by the
 * compiler's differential suite.)
 */
class JdkCharacterTests {
    private static final int LAST = 0x10FFFF + 2;

    @Test
    void digitsAndSpacesAgreeEverywhere() {
        for (int cp = -2; cp <= LAST; cp++) {
            assertEquals(Character.isDigit(cp), JdkCharacter.isDigit(cp), "isDigit " + cp);
            assertEquals(Character.isWhitespace(cp), JdkCharacter.isWhitespace(cp), "isWhitespace " + cp);
            assertEquals(Character.isSpaceChar(cp), JdkCharacter.isSpaceChar(cp), "isSpaceChar " + cp);
            assertEquals(Character.isISOControl(cp), JdkCharacter.isISOControl(cp), "isISOControl " + cp);
            for (int radix : new int[] {1, 2, 8, 10, 16, 36, 37}) {
                assertEquals(Character.digit(cp, radix), JdkCharacter.digit(cp, radix), "digit " + cp + " " + radix);
            }
        }
        for (int d = -1; d <= 37; d++) {
            for (int radix = 0; radix <= 38; radix++) {
                assertEquals(Character.forDigit(d, radix), JdkCharacter.forDigit(d, radix), "forDigit " + d + " " + radix);
            }
        }
    }

    @Test
    void lettersAndCasesAgreeEverywhere() {
        for (int cp = -2; cp <= LAST; cp++) {
            assertEquals(Character.isLetter(cp), JdkIsLetter.isLetter(cp), "isLetter " + cp);
            assertEquals(Character.isLetterOrDigit(cp), JdkIsLetterOrDigit.isLetterOrDigit(cp), "isLetterOrDigit " + cp);
            assertEquals(Character.isAlphabetic(cp), JdkIsAlphabetic.isAlphabetic(cp), "isAlphabetic " + cp);
            assertEquals(Character.isUpperCase(cp), JdkIsUpperCase.isUpperCase(cp), "isUpperCase " + cp);
            assertEquals(Character.isLowerCase(cp), JdkIsLowerCase.isLowerCase(cp), "isLowerCase " + cp);
            assertEquals(Character.toUpperCase(cp), JdkToUpperCase.toUpperCase(cp), "toUpperCase " + cp);
            assertEquals(Character.toLowerCase(cp), JdkToLowerCase.toLowerCase(cp), "toLowerCase " + cp);
        }
        for (int c = 0; c <= 0xFFFF; c++) {
            assertEquals(Character.toUpperCase((char) c), JdkToUpperCase.toUpperCase((char) c), "toUpperCase(char) " + c);
            assertEquals(Character.toLowerCase((char) c), JdkToLowerCase.toLowerCase((char) c), "toLowerCase(char) " + c);
        }
    }
}
